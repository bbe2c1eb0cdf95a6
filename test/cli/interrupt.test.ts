// Upgrades cut short: apt and dpkg killed in the middle of installing, or the engine itself killed at
// any moment. Nothing stays mounted or running, and the next plain upgrade recovers.
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, startLtspChroot } from '../helpers/cli.js';
import { faultRandom } from '../helpers/fault-seed.js';
import { killRunWhen, leftInside, onEvents, processesInside, type RunEvent } from '../helpers/run-faults.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('interrupt');
let root: string;

beforeAll(async () => {
  root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'victim'));
});

const args = (name = 'victim', cache = 'cache') => ['upgrade', '--json', '--yes', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, cache), name];

/** SIGKILL every process whose root directory is the chroot: apt-get and dpkg, as a power cut would. */
async function killInside(): Promise<number> {
  let killed = 0;
  for (const pid of await processesInside(root)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
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

// The whole run (engine, nspawn, apt, dpkg) SIGKILLed at seeded random moments of each phase of
// an upgrade, each followed by the next: the moment after a kill comes in the run that recovers it.
const random = faultRandom('upgrade killed');
type Moment = [string, (event: RunEvent) => boolean];
const isDownload = (event: RunEvent) => event.type === 'progress' && event.step === 'install' && event.package === undefined;
const isInstall = (pattern: RegExp) => (event: RunEvent) => event.type === 'progress' && event.step === 'install' && pattern.test(event.message ?? '');

/** True at the `count`-th event that `matches`, or when the install step ends first. */
function nth(matches: (event: RunEvent) => boolean, count: number): (event: RunEvent) => boolean {
  let seen = 0;
  return (event) => (matches(event) && ++seen >= count) || (event.type === 'step' && event.step === 'install' && event.state !== 'started');
}

for (let point = 1; point <= random.points; point++) {
  describe(`an upgrade killed as a whole, point ${point}`, () => {
    const name = `killed${point}`;
    let killedRoot: string;
    beforeAll(async () => {
      killedRoot = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, name));
    });
    const moments: Moment[] = [
      ['during the download', nth(isDownload, random.between(1, 6))],
      ['while dpkg unpacks', nth(isInstall(/^Unpacking |^Preparing /), random.between(1, 10))],
      ['while dpkg configures', nth(isInstall(/^(Setting up|Configuring|Installed) /), random.between(1, 10))],
    ];
    for (const [moment, when] of moments) {
      const delayMs = random.between(0, 400);
      it(`${moment} (+${delayMs} ms) leaves no mount on the host and no program of the chroot running`, async () => {
        const { killed } = await killRunWhen(args(name, `cache${point}`), when, delayMs);
        // A run that finished before its moment proves nothing about the kill; it must at least be whole.
        if (!killed) console.log(`[faults] ${name}: the run ended before the kill ${moment}`);
        expect(await mountsUnder(killedRoot)).toEqual([]);
        expect(await leftInside(killedRoot)).toBe(0);
      });
    }

    it('is finished by the next plain upgrade', async () => {
      const next = await ltspChroot(args(name, `cache${point}`));
      // On a failure, apt's and dpkg's last words say what the recovery met.
      const aptOutput = next.stdout.split('\n').filter((line) => line.includes('"level":"output"')).slice(-40).join('\n');
      expect(next.stderr, aptOutput).toBe('');
      expect(next.exitCode).toBe(0);
      const check = await ltspChroot(['check', '--json', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, `cache${point}`), name]);
      expect((lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending).toBe(0);
      expect((await execa('chroot', [killedRoot, 'dpkg', '--audit'])).stdout).toBe('');
      expect(await mountsUnder(killedRoot)).toEqual([]);
    });
  });
}
