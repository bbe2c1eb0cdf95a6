// check, refresh, upgrade and status on real chroots with real pending security updates.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepIds } from '../../packages/engine/src/pipeline/run-steps.js';
import { upgradeSteps } from '../../packages/engine/src/pipeline/upgrade-steps.js';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, startLtspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { programFile } from '../helpers/programs.js';

const tree = useScratchTree('update');
let base: string;
let state: string;
let cache: string;

interface Status {
  name: string;
  pending: number | null;
  security: number | null;
  packages: { name: string; from: string; to: string; security: boolean; suite: string | null; sizeBytes: number }[];
  lastError: { code: string; message: string } | null;
  lastRefresh: string | null;
  mode: string | null;
}

beforeAll(async () => {
  ({ base, state } = tree);
  cache = path.join(tree.root, 'package-cache');
  for (const name of ['alpha', 'beta']) await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, name));
});

const common = () => ['--base-dir', base, '--state-dir', state, '--cache-dir', cache];

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('check', () => {
  it('counts the pending updates, and as security exactly what apt-get -s says comes from Debian-Security', async () => {
    const result = await ltspChroot(['check', '--json', ...common(), 'alpha']);
    expect(result.exitCode).toBe(0);
    const [status] = (lastEvent(result.stdout) as { chroots: Status[] }).chroots;
    const simulated = await execa('chroot', [path.join(base, 'alpha'), 'apt-get', '-s', 'dist-upgrade'], { env: { LC_ALL: 'C' } });
    const inst = simulated.stdout.split('\n').filter((line) => line.startsWith('Inst '));
    const fromSecurity = inst.filter((line) => /[( ]Debian-Security:/.test(line));
    expect(inst.length).toBeGreaterThan(0);
    expect(status?.pending).toBe(inst.length);
    expect(status?.security).toBe(fromSecurity.length);
    expect(status?.mode).toBe('dist-upgrade');
    // Each package as apt-get -s names it, with the same versions.
    for (const line of inst) {
      const [, name, from, to] = /^Inst (\S+) \[(\S+)\] \((\S+)/.exec(line) ?? [];
      expect(status?.packages).toContainEqual(expect.objectContaining({ name, from, to }));
    }
    expect(status?.packages.every((entry) => entry.sizeBytes > 0)).toBe(true);
  });

  it('writes the status cache, which status prints without running apt', async () => {
    const cached = JSON.parse(await readFile(path.join(state, 'status.json'), 'utf8')) as { v: number; chroots: (Status & { nextRelease: string | null })[] };
    expect(cached.v).toBe(1);
    expect(cached.chroots.map((entry) => entry.name)).toEqual(['alpha']);
    const status = await ltspChroot(['status', '--state-dir', state]);
    expect(status.exitCode).toBe(0);
    // The mirror serves trixie, so the next release counts as available.
    expect(status.stdout).toMatch(/^alpha\s+debian bookworm\s+amd64\s+\d+\s+\d+\s+.*updates \(\d+ security\); trixie is available$/m);
    expect(cached.chroots[0]).toMatchObject({ nextRelease: 'trixie' });
    expect(status.stdout).toContain('Security updates:');
  });

  it('lists held packages apart, and they stay held', async () => {
    const alpha = path.join(base, 'alpha');
    const pending = ((JSON.parse(await readFile(path.join(state, 'status.json'), 'utf8')) as { chroots: Status[] }).chroots[0] as Status).packages;
    const held = pending[0]?.name as string;
    await execa('chroot', [alpha, 'apt-mark', 'hold', held]);
    try {
      const result = await ltspChroot(['check', '--json', ...common(), 'alpha']);
      const [status] = (lastEvent(result.stdout) as { chroots: (Status & { held: string[]; keptBack: string[] })[] }).chroots;
      expect(status?.held).toEqual([held]);
      expect(status?.keptBack).toContain(held);
      expect(status?.packages.map((entry) => entry.name)).not.toContain(held);
    } finally {
      await execa('chroot', [alpha, 'apt-mark', 'unhold', held]);
    }
  });
});

describe('refresh', () => {
  it('downloads a package once for two chroots of the same release and architecture', async () => {
    const result = await ltspChroot(['refresh', '--json', ...common(), 'alpha', 'beta']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const events = jsonLines(result.stdout);
    const download = (chroot: string) => events.filter((event) => event['type'] === 'step' && event['step'] === 'download' && event['chroot'] === chroot).map((event) => event['state']);
    // Whichever went first fetched the packages; the other found them all in the shared cache.
    const states = [download('alpha'), download('beta')];
    expect(states).toContainEqual(['started', 'done']);
    expect(states).toContainEqual(['skipped']);
    const skipped = events.find((event) => event['type'] === 'step' && event['state'] === 'skipped' && event['step'] === 'download');
    expect(skipped?.['message']).toBe('the package cache has every update already');
    const debs = (await readdir(path.join(cache, 'archives/debian-amd64'))).filter((name) => name.endsWith('.deb'));
    const { chroots } = lastEvent(result.stdout) as { chroots: Status[] };
    expect(debs).toHaveLength(chroots[0]?.pending ?? -1);
    // After the refresh nothing is left to fetch, for either chroot.
    for (const status of chroots) expect(status).toMatchObject({ lastError: null, lastRefresh: expect.any(String) });
    expect(chroots.map((status) => (status as Status & { downloadBytes: number }).downloadBytes)).toEqual([0, 0]);
  });

  it('records a failed apt-get update for that chroot, fails the run, and still refreshes the others', async () => {
    const broken = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'broken'));
    // Nothing listens on port 9 of the loopback: the mirror is unreachable.
    await writeFile(path.join(broken, 'etc/apt/sources.list'), 'deb http://127.0.0.1:9/debian bookworm main\n');
    const result = await ltspChroot(['refresh', '--json', ...common(), 'broken', 'beta']);
    expect(result.exitCode).toBe(1);
    const { chroots, failed } = lastEvent(result.stdout) as { chroots: Status[]; failed: { chroot: string; code: string; message: string }[] };
    // Nothing answered: the network's fault, told apart from a mirror that answered with an error.
    expect(failed).toEqual([{ chroot: 'broken', kind: 'chroot', code: 'network-failed', message: expect.stringMatching(/apt-get update could not download for broken: .*127\.0\.0\.1.*check the server's network/) }]);
    const brokenStatus = chroots.find((status) => status.name === 'broken');
    expect(brokenStatus?.lastError).toMatchObject({ code: 'network-failed' });
    expect(brokenStatus?.pending).toBeNull();
    expect(chroots.find((status) => status.name === 'beta')).toMatchObject({ lastError: null });
    const human = await ltspChroot(['status', ...common()]);
    expect(human.stdout).toMatch(/^broken .*error: apt-get update could not download for broken/m);
  });
});

describe('upgrade', () => {
  it('installs the updates; check then finds none, and the cache agrees', async () => {
    const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'alpha']);
    expect(result.exitCode).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.some((event) => event['type'] === 'progress' && event['step'] === 'install' && typeof event['package'] === 'string')).toBe(true);
    const { chroots } = lastEvent(result.stdout) as { chroots: { upgraded: string[]; image: { ran: boolean; reason: string }; kernel: { ran: boolean; reason: string }; phases: Record<string, number> }[] };
    expect(chroots[0]?.upgraded.length).toBeGreaterThan(0);
    expect(chroots[0]?.image).toEqual({ ran: false, reason: 'the chroot is not served as an image' });
    expect(chroots[0]?.kernel).toEqual({ ran: false, reason: 'the chroot has no kernel in /boot' });
    expect(Object.keys(chroots[0]?.phases ?? {})).toEqual(expect.arrayContaining(['session', 'plan', 'install', 'status']));
    // What ran is the list as declared, in its order: every step done or skipped, none unsaid, the status last.
    const ended = events.filter((event) => event['type'] === 'step' && event['chroot'] === 'alpha' && event['state'] !== 'started');
    expect(ended.map((event) => event['step'])).toEqual(stepIds(upgradeSteps, 'chroot'));
    expect(ended.at(-1)).toMatchObject({ step: 'status', state: 'done' });

    const check = await ltspChroot(['check', '--json', ...common(), 'alpha']);
    expect((lastEvent(check.stdout) as { chroots: Status[] }).chroots[0]).toMatchObject({ pending: 0, security: 0 });
    const cached = (JSON.parse(await readFile(path.join(state, 'status.json'), 'utf8')) as { chroots: Status[] }).chroots.find((status) => status.name === 'alpha');
    expect(cached).toMatchObject({ pending: 0, security: 0, lastError: null });
    const audit = await execa('chroot', [path.join(base, 'alpha'), 'dpkg', '--audit']);
    expect(audit.stdout).toBe('');
  });

  it('goes on with the other chroots when one fails, keeps a hold, and says some failed', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'delta'));
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'epsilon'));
    await execa('chroot', [path.join(base, 'epsilon'), 'apt-mark', 'hold', 'tzdata']);
    const before = (await execa('chroot', [path.join(base, 'epsilon'), 'dpkg-query', '-W', '-f', '${Version}', 'tzdata'])).stdout;
    // delta is held by another operation for the length of the upgrade.
    const holder = startLtspChroot(['exec', ...common(), 'delta', '--', 'sleep', '60'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && (await readdir(path.join(state, 'sessions')).catch(() => [])).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'delta', 'epsilon']);
      expect(result.exitCode).toBe(1);
      const { chroots } = lastEvent(result.stdout) as { chroots: { chroot: string; upgraded: string[]; error: { code: string } | null }[] };
      expect(chroots.find((outcome) => outcome.chroot === 'delta')?.error).toMatchObject({ code: 'busy' });
      const epsilon = chroots.find((outcome) => outcome.chroot === 'epsilon');
      expect(epsilon?.error).toBeNull();
      expect(epsilon?.upgraded.length).toBeGreaterThan(0);
      expect(epsilon?.upgraded).not.toContain('tzdata');
      expect((await execa('chroot', [path.join(base, 'epsilon'), 'dpkg-query', '-W', '-f', '${Version}', 'tzdata'])).stdout).toBe(before);
    } finally {
      holder.kill('SIGTERM');
      await holder;
    }
  });

  it('shows the plan and asks first at a terminal; "n" changes nothing', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'gamma'));
    const bin = programFile('ltsp-chroot');
    const command = [process.execPath, bin, 'upgrade', ...common(), 'gamma'].join(' ');
    // script(1) gives the command a terminal, as an administrator's shell would.
    const asked = await execa('script', ['-qec', command, '/dev/null'], { input: 'n\n', reject: false });
    expect(asked.stdout).toMatch(/gamma: \d+ updates \(\d+ security\), .* to download:/);
    expect(asked.stdout).toContain('Install them? [y/N]');
    expect(asked.stdout).toContain('upgrade of gamma cancelled: nothing was changed');
    expect(asked.exitCode).toBe(78);
    const check = await ltspChroot(['check', '--json', ...common(), 'gamma']);
    expect((lastEvent(check.stdout) as { chroots: Status[] }).chroots[0]?.pending).toBeGreaterThan(0);
  });

  it('reports a chroot that cannot run, and never touches it, with --all', async () => {
    await copyChroot(fixture('bookworm', 'arm64', 'foreign'), path.join(base, 'zarm'));
    const result = await ltspChroot(['check', '--json', '--all', ...common()]);
    const { chroots } = lastEvent(result.stdout) as { chroots: (Status & { verdict: string })[] };
    const arm = chroots.find((status) => status.name === 'zarm');
    expect(arm?.verdict).toMatch(/unsupported|emulated/);
    expect(arm?.pending).toBeNull();
  });
});
