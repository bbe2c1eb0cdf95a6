// Bounded jobs: a chroot whose refresh hangs (and ignores SIGTERM) is stopped after its time
// limit and reported on its own, while the other chroots are refreshed; nothing of it runs on.
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { localRepoChroot } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('bounded');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state];
let stuck: string;

beforeAll(async () => {
  stuck = await localRepoChroot(tree.base, 'stuck', common(), 'ltsp-test-bounded');
  await localRepoChroot(tree.base, 'fine', common(), 'ltsp-test-bounded', '#!/bin/sh\nexit 0\n');
  // A hook that hangs and will not be told: apt-get update never gets past it.
  await writeFile(path.join(stuck, 'etc/apt/apt.conf.d/99stuck'), 'APT::Update::Pre-Invoke { "trap \'\' TERM; exec sleep 600"; };\n');
});

/** Processes whose root directory is `dir` (a confined one's link reads "/", so compare the folder). */
async function runningIn(dir: string): Promise<number> {
  const chroot = await stat(dir);
  let count = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const where = await stat(`/proc/${pid}/root`).catch(() => undefined);
    if (where?.ino === chroot.ino && where.dev === chroot.dev) count++;
  }
  return count;
}

describe('refresh with a chroot that hangs', () => {
  // 15 seconds: time enough for the other chroot even on a loaded machine.
  it('stops that chroot after --chroot-timeout, reports it, and refreshes the others', async () => {
    const result = await ltspChroot(['refresh', '--json', '--chroot-timeout', '15', '--parallel', '2', ...common(), '--cache-dir', path.join(tree.root, 'cache'), 'stuck', 'fine']);
    expect(result.exitCode).toBe(1);
    const outcome = lastEvent(result.stdout) as { failed: { chroot: string; code: string; message: string }[]; chroots: { name: string; pending: number | null; lastRefresh: string | null }[] };
    expect(outcome.failed).toEqual([{
      chroot: 'stuck',
      kind: 'chroot',
      code: 'timed-out',
      message: 'stuck was stopped: its refresh took longer than 15 seconds (--chroot-timeout); the other chroots went on',
    }]);
    const fine = outcome.chroots.find((chroot) => chroot.name === 'fine');
    expect(fine?.lastRefresh).toEqual(expect.any(String));
    expect(fine?.pending).toBe(1);
    // The hook ignored SIGTERM: it was killed with its whole run, and nothing stays mounted.
    expect(await runningIn(stuck)).toBe(0);
    expect(await mountsUnder(tree.base)).toEqual([]);
  });

  it('takes its limit from LTSP_UPDATE_CHROOT_TIMEOUT, the periodic job\'s setting, and refuses a bad one', async () => {
    const fromEnv = await ltspChroot(['refresh', '--json', ...common(), '--cache-dir', path.join(tree.root, 'cache'), 'stuck'], { env: { LTSP_UPDATE_CHROOT_TIMEOUT: '2' } });
    expect((lastEvent(fromEnv.stdout) as { failed: { code: string }[] }).failed).toEqual([expect.objectContaining({ code: 'timed-out' })]);
    const bad = await ltspChroot(['refresh', '--chroot-timeout', 'soon', ...common(), 'stuck']);
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toBe('ltsp-chroot: --chroot-timeout takes a whole number of seconds above 0, not "soon"');
  });
});

describe('check with a chroot whose apt blocks', () => {
  it('stops that chroot at its limit, reports it, and checks the others', async () => {
    // A FIFO where apt reads dpkg's status: apt inside blocks on it for good.
    const blocked = await localRepoChroot(tree.base, 'blocked', common(), 'ltsp-test-bounded');
    const status = path.join(blocked, 'var/lib/dpkg/status');
    const { rename } = await import('node:fs/promises');
    const { execa } = await import('execa');
    await rename(status, `${status}.real`);
    await execa('mkfifo', [status]);
    const result = await ltspChroot(['check', '--json', '--chroot-timeout', '15', ...common(), 'blocked', 'fine']);
    const outcome = lastEvent(result.stdout) as { failed: { chroot: string; code: string }[]; chroots: { name: string; lastCheck: string | null }[] };
    expect(outcome.failed).toEqual([expect.objectContaining({ chroot: 'blocked', code: 'timed-out' })]);
    expect(outcome.chroots.find((chroot) => chroot.name === 'fine')?.lastCheck).toEqual(expect.any(String));
    expect(result.exitCode).toBe(1);
    expect(await runningIn(blocked)).toBe(0);
    await rm(status);
    await rename(`${status}.real`, status);
  });
});

describe('ltsp-update-refresh.service', () => {
  it('bounds the whole job in time and memory, and gives a chroot its own limit', async () => {
    const data = path.resolve(import.meta.dirname, '../../packages/notifier/data');
    const unit = await readFile(path.join(data, 'ltsp-update-refresh.service'), 'utf8');
    expect(unit).toMatch(/^TimeoutStartSec=\d+h$/m);
    expect(unit).toMatch(/^MemoryMax=\d+G$/m);
    expect(await readFile(path.join(data, 'ltsp-update.default'), 'utf8')).toMatch(/^LTSP_UPDATE_CHROOT_TIMEOUT=\d+$/m);
  });
});
