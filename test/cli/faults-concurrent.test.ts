// Three runs at once on one chroot, started in a seeded random order: a window's upgrade, the
// timer's refresh and an administrator's own apt-get. One holds the chroot at a time; the others
// say who holds it, in one line with their exit code; the next plain upgrade completes the job.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, pendingUpdates, startLtspChroot } from '../helpers/cli.js';
import { faultRandom } from '../helpers/fault-seed.js';
import { leftInside } from '../helpers/run-faults.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('faults-concurrent');
const random = faultRandom('three runs at once');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

interface Contender {
  who: string;
  start: () => ResultPromise;
  /** What a run that found the chroot taken says, on stderr, with the exit code it ends with. */
  busy: { exitCode: number; line: RegExp };
}

const ended = (run: ResultPromise) => run.then((result) => ({ exitCode: result.exitCode ?? -1, stderr: String(result.stderr) }));

for (let point = 1; point <= random.points; point++) {
  describe(`an upgrade, a refresh and an apt-get at once, point ${point}`, () => {
    const name = `shared${point}`;
    let root: string;
    beforeAll(async () => {
      root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, name));
    });

    const engineBusy = new RegExp(`^ltsp-chroot: ${name}: ${name} is busy: process \\d+ \\((apt-get|ltsp-chroot)\\) holds \\S+; wait for it to finish and try again$`, 'm');
    const contenders: Contender[] = [
      // As the windows run it (JSON on stdout), and as the refresh service runs it (text for the journal).
      { who: "a window's upgrade", start: () => startLtspChroot(['upgrade', '--json', '--yes', ...common(), name]), busy: { exitCode: 75, line: engineBusy } },
      { who: "the timer's refresh", start: () => startLtspChroot(['refresh', ...common(), name]), busy: { exitCode: 75, line: engineBusy } },
      {
        who: "the administrator's apt-get",
        start: () => execa('chroot', [root, 'apt-get', '-q', '-y', 'dist-upgrade'], { reject: false, env: { DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' } }),
        // apt names the holder's program only when the chroot has /proc mounted; a bare chroot has not.
        busy: { exitCode: 100, line: /^E: Could not get lock \/var\/lib\/dpkg\/lock-frontend\. It is held by process \d+( \(ltsp-chroot\))?$/m },
      },
    ];

    it('lets one hold the chroot at a time; the others name the holder in one line', async () => {
      // A seeded order and seeded gaps, so that which one wins can be replayed.
      const order = [...contenders].sort(() => random.next() - 0.5);
      const runs: Promise<{ exitCode: number; stderr: string }>[] = [];
      for (const contender of order) {
        runs.push(ended(contender.start()));
        await new Promise((resolve) => setTimeout(resolve, random.between(0, 400)));
      }
      const results = await Promise.all(runs);
      console.log(`[faults] ${name}: ${order.map((contender, index) => `${contender.who} → ${results[index]?.exitCode}`).join(', ')}`);
      expect(results.some((result) => result.exitCode === 0)).toBe(true);
      order.forEach((contender, index) => {
        const result = results[index] as { exitCode: number; stderr: string };
        if (result.exitCode === 0) return;
        expect({ who: contender.who, exitCode: result.exitCode }).toEqual({ who: contender.who, exitCode: contender.busy.exitCode });
        expect(result.stderr).toMatch(contender.busy.line);
        // One line says what to do; the refresh's journal may also show the step that stopped.
        if (contender.busy.exitCode === 75) expect(result.stderr.split('\n').filter((line) => line.startsWith('ltsp-chroot:'))).toHaveLength(1);
      });
      expect(await mountsUnder(root)).toEqual([]);
      expect(await leftInside(root)).toBe(0);
      // The status cache is never left unreadable, and names the chroot once one of ours got it
      // (a busy run leaves the cache as it was; the administrator's apt-get does not write it).
      const ours = order.some((contender, index) => results[index]?.exitCode === 0 && contender.busy.exitCode === 75);
      const text = await readFile(path.join(tree.state, 'status.json'), 'utf8').catch(() => undefined);
      const names = text === undefined ? [] : (JSON.parse(text) as { chroots: { name: string }[] }).chroots.map((entry) => entry.name);
      if (ours) expect(names).toContain(name);
    });

    it('is completed by the next plain upgrade', async () => {
      const next = await ltspChroot(['upgrade', '--json', '--yes', ...common(), name]);
      expect(next.stderr).toBe('');
      expect(next.exitCode).toBe(0);
      expect(lastEvent(next.stdout)).toMatchObject({ type: 'result', command: 'upgrade' });
      expect(await pendingUpdates(common(), name)).toBe(0);
      expect((await execa('chroot', [root, 'dpkg', '--audit'])).stdout).toBe('');
    });
  });
}
