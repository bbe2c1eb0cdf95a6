// Upgrades cut short: apt and dpkg killed in the middle of installing, or the engine itself killed at
// any moment. Nothing stays mounted or running, and the next plain upgrade recovers.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, startLtspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('interrupt');
let root: string;

beforeAll(async () => {
  root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'victim'));
});

const args = (name = 'victim') => ['upgrade', '--json', '--yes', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), name];

/** SIGKILL every process whose root directory is the chroot: apt-get and dpkg, as a power cut would. */
async function killInside(): Promise<number> {
  let killed = 0;
  // A confined process's root is the chroot seen from its own mount namespace: its link reads "/",
  // so it is told by the directory it leads to.
  const chroot = await stat(root);
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const where = await stat(`/proc/${pid}/root`).catch(() => undefined);
    if (where?.ino !== chroot.ino || where.dev !== chroot.dev) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

type RunEvent = { type: string; step?: string; state?: string; message?: string };

/** Call `handle` with every JSON event the run prints, as it comes. */
function onEvents(run: ReturnType<typeof startLtspChroot>, handle: (event: RunEvent) => void): void {
  let buffer = '';
  run.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) handle(JSON.parse(line) as RunEvent);
  });
}

describe('an interrupted upgrade', () => {
  it('leaves dpkg interrupted; the next upgrade finishes it and completes', async () => {
    const run = startLtspChroot(args());
    let killed = 0;
    let asked = false;
    onEvents(run, (event) => {
      // Kill once dpkg has started unpacking: packages are then half-installed.
      if (!asked && event.type === 'progress' && event.step === 'install' && /^Unpacking /.test(event.message ?? '')) {
        asked = true;
        void killInside().then((count) => {
          killed = count;
        });
      }
    });
    const first = await run;
    expect(killed).toBeGreaterThan(0);
    expect(first.exitCode).toBe(74);
    expect(lastEvent(String(first.stdout))).toMatchObject({ type: 'result', command: 'upgrade' });
    const audit = await execa('chroot', [root, 'dpkg', '--audit'], { reject: false });
    expect(audit.stdout).not.toBe('');

    const second = await ltspChroot(args());
    expect(second.stderr).toBe('');
    expect(second.exitCode).toBe(0);
    const recovered = second.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; step?: string; state?: string });
    expect(recovered.filter((event) => event.type === 'step' && event.step === 'dpkg-recover').map((event) => event.state)).toEqual(['started', 'done']);
    expect((await execa('chroot', [root, 'dpkg', '--audit'])).stdout).toBe('');
    const check = await ltspChroot(['check', '--json', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'victim']);
    expect((lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending).toBe(0);
  });
});

/** Start an upgrade and SIGKILL the engine itself at the first event `when` picks; resolves with the run's end. */
async function killEngineWhen(name: string, when: (event: RunEvent) => boolean): Promise<boolean> {
  const run = startLtspChroot(args(name));
  let killed = false;
  onEvents(run, (event) => {
    if (!killed && when(event)) {
      killed = true;
      run.kill('SIGKILL');
    }
  });
  await run;
  return killed;
}

/** Processes whose root is `dir` (see killInside), after giving the kernel a moment to reap them. */
async function leftInside(dir: string): Promise<number> {
  const chroot = await stat(dir);
  for (let i = 0; i < 40; i++) {
    let left = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const where = await stat(`/proc/${pid}/root`).catch(() => undefined);
      if (where?.ino === chroot.ino && where.dev === chroot.dev) left++;
    }
    if (left === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return -1;
}

describe('an upgrade whose engine is killed', () => {
  let killedRoot: string;
  beforeAll(async () => {
    killedRoot = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'killed'));
  });
  const moments: [string, (event: RunEvent) => boolean][] = [
    ['as apt plans', (event) => event.type === 'step' && event.step === 'plan' && event.state === 'started'],
    ['while dpkg unpacks', (event) => event.type === 'progress' && event.step === 'install' && /^Unpacking /.test(event.message ?? '')],
    ['while dpkg configures', (event) => event.type === 'progress' && event.step === 'install' && /^(Setting up|Configuring) /.test(event.message ?? '')],
  ];
  for (const [moment, when] of moments) {
    it(`${moment} leaves no mount on the host and no program of the chroot running`, async () => {
      // Each moment comes again in the next run: what the kill before left is recovered first.
      expect(await killEngineWhen('killed', when)).toBe(true);
      expect(await mountsUnder(killedRoot)).toEqual([]);
      expect(await leftInside(killedRoot)).toBe(0);
    });
  }

  it('is finished by the next plain upgrade', async () => {
    const next = await ltspChroot(args('killed'));
    expect(next.stderr).toBe('');
    expect(next.exitCode).toBe(0);
    const check = await ltspChroot(['check', '--json', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'killed']);
    expect((lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending).toBe(0);
    expect((await execa('chroot', [killedRoot, 'dpkg', '--audit'])).stdout).toBe('');
    expect(await mountsUnder(killedRoot)).toEqual([]);
  });
});
