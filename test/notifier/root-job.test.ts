// The root job: the refresh service's own ExecStart, run as systemd would, against real chroots;
// and the apt hook that starts it after the server's own apt runs.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { installedPrograms } from '../helpers/programs.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const data = path.resolve(import.meta.dirname, '../../packages/notifier/data');
// The unit and the hook as the package installs them (the suite's mode), else the sources.
const unitFile = installedPrograms ? '/lib/systemd/system/ltsp-update-refresh.service' : path.join(data, 'ltsp-update-refresh.service');
const hookFile = installedPrograms ? '/etc/apt/apt.conf.d/99ltsp-update' : path.join(data, '99ltsp-update-apt-hook');
const tree = useScratchTree('root-job');
let conf: string;

/** The values of `key=` in the unit file, in order (a oneshot service runs every ExecStart). */
async function unitSettings(key: string): Promise<string[]> {
  const unit = await readFile(unitFile, 'utf8');
  const values = [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1] as string);
  if (values.length === 0) throw new Error(`no ${key} in the unit`);
  return values;
}

/** KEY=value lines of an EnvironmentFile, as systemd reads them. */
function environmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1] as string] = (match[2] as string).replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** Run every ExecStart as systemd would: in order, each split into words, no shell, the EnvironmentFile's variables set; the first failure ends the job. */
async function runService(settings: string) {
  const env = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ...environmentFile(settings),
    // Point the job at the test's chroots and state instead of the server's.
    LTSP_CONF: conf,
    LTSP_UPDATE_STATE_DIR: tree.state,
  };
  let stderr = '';
  let exitCode = 0;
  for (const line of await unitSettings('ExecStart')) {
    const [command, ...args] = line.split(/\s+/);
    // Only what reads runs on this machine's own apt: the server is checked, never refreshed, here.
    expect(args.includes('--server') ? args[0] : 'chroots').not.toBe('refresh');
    const result = await execa(command as string, args, { env, extendEnv: false, reject: false });
    stderr += String(result.stderr);
    exitCode = result.exitCode ?? -1;
    if (exitCode !== 0) break;
  }
  return { stderr, exitCode };
}

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'classroom'));
  conf = path.join(tree.root, 'ltsp.conf');
  await writeFile(conf, `[server]\nBASE_DIR=${tree.base}\n`);
});

describe('ltsp-update-refresh.service', () => {
  it('refreshes every chroot and rewrites the status cache', async () => {
    const result = await runService(await readFile(path.join(data, 'ltsp-update.default'), 'utf8'));
    expect(result.stderr).toContain('classroom: Refresh the package lists');
    expect(result.exitCode).toBe(0);
    const cache = JSON.parse(await readFile(path.join(tree.state, 'status.json'), 'utf8')) as { chroots: { kind: string; name: string; lastRefresh: string | null; lastCheck: string | null; pending: number }[] };
    // One status for the notice: the server's, counted from its own lists, then the chroots'.
    expect(cache.chroots).toEqual([
      expect.objectContaining({ kind: 'server', lastRefresh: null, lastCheck: expect.any(String) }),
      expect.objectContaining({ kind: 'chroot', name: 'classroom', lastRefresh: expect.any(String) }),
    ]);
    expect(cache.chroots[1]?.pending).toBeGreaterThan(0);
  });

  it("honours the administrator's setting to download nothing", async () => {
    const result = await runService('LTSP_UPDATE_DOWNLOAD=no\n');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('classroom: Download the updates: skipped, downloads are switched off: lists only');
  });
});

describe('the apt hook', () => {
  async function hookCommand(): Promise<string> {
    const hook = await readFile(hookFile, 'utf8');
    const command = /APT::Update::Post-Invoke-Success \{ "(.*)"; \};/.exec(hook)?.[1];
    if (!command) throw new Error('no Post-Invoke-Success in the hook');
    return command;
  }

  async function fakeSystemctl(): Promise<{ dir: string; log: string }> {
    const dir = path.join(tree.root, 'fake-bin');
    const log = path.join(tree.root, 'systemctl.log');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'systemctl'), `#!/bin/sh\necho "$@" >> ${log}\n`);
    await chmod(path.join(dir, 'systemctl'), 0o755);
    return { dir, log };
  }

  it('does nothing, and succeeds, where systemd is not running', async () => {
    const { dir, log } = await fakeSystemctl();
    const result = await execa('sh', ['-c', await hookCommand()], { env: { PATH: `${dir}:/usr/bin:/bin` }, reject: false });
    expect(result.exitCode).toBe(0);
    await expect(readFile(log, 'utf8')).rejects.toThrow();
  });

  it('starts the service without waiting for it where systemd runs', async () => {
    const { dir, log } = await fakeSystemctl();
    // A private mount namespace in which /run says systemd is running; the host is untouched.
    const script = `mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && ${await hookCommand()}`;
    const result = await execa('unshare', ['--mount', 'sh', '-c', script], { env: { PATH: `${dir}:/usr/sbin:/usr/bin:/sbin:/bin` }, reject: false });
    expect(result.exitCode).toBe(0);
    expect(await readFile(log, 'utf8')).toBe('start --no-block ltsp-update-refresh.service\n');
  });
});
