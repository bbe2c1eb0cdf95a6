// Killed runs, signals and concurrent runs: mounts never stay behind for long, and one operation holds a chroot at a time.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, startLtspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('crash');
let base: string;
let state: string;
let root: string;

beforeAll(async () => {
  ({ base, state } = tree);
  root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'bookworm'));
});

afterAll(async () => {
  const { execa } = await import('execa');
  // The commands of killed runs outlive them, as they would after a real crash.
  await execa('pkill', ['-f', `^sleep 60$`], { reject: false });
});

// A killed run's command lives on (as after a real crash); it must not hold our output pipes open.
const detached = { stdio: 'ignore' } as const;

const execArgs = (command: string[]) => ['exec', '--base-dir', base, '--state-dir', state, 'bookworm', '--', ...command];

/** Run `check` while another exec holds the chroot, and take that one down after, whatever happens. */
async function whileRunning(check: (first: ReturnType<typeof startLtspChroot>) => Promise<void>): Promise<void> {
  const first = startLtspChroot(execArgs(longCommand));
  try {
    await commandRunning();
    await check(first);
  } finally {
    first.kill('SIGTERM');
    await first;
  }
}

// The command marks that it started: the whole session (mounts and file swaps) is set up by then.
const started = 'tmp/ltsp-test-command-started';
const longCommand = ['sh', '-c', `touch /${started}; exec sleep 60`];

/** Wait until the session's command runs, and clear the mark for the next test. */
async function commandRunning(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await stat(path.join(root, started)).catch(() => undefined)) {
      await rm(path.join(root, started));
      return;
    }
    await sleep(50);
  }
  throw new Error('the session never started its command');
}

describe('a run killed with SIGKILL', () => {
  it('leaves its mounts, which cleanup removes; the next run works', async () => {
    const run = startLtspChroot(execArgs(longCommand), detached);
    await commandRunning();
    run.kill('SIGKILL');
    await run;
    // SIGKILL gives no chance to clean up: the mounts and the journal are still there.
    expect((await mountsUnder(root)).length).toBe(4);
    expect(await readdir(path.join(state, 'sessions'))).toHaveLength(1);

    const cleanup = await ltspChroot(['cleanup', '--json', '--state-dir', state]);
    expect(cleanup.exitCode).toBe(0);
    const result = lastEvent(cleanup.stdout) as { undone: { action: string }[] };
    expect(result.undone.map((entry) => entry.action)).toEqual(expect.arrayContaining([
      `unmounted ${root}/proc`, `unmounted ${root}/sys`, `unmounted ${root}/dev`, `unmounted ${root}/dev/pts`,
      `removed ${root}/usr/sbin/policy-rc.d`,
    ]));
    expect(await mountsUnder(root)).toEqual([]);
    expect(await readdir(path.join(state, 'sessions'))).toEqual([]);

    const again = await ltspChroot(execArgs(['true']));
    expect(again.exitCode).toBe(0);
    await ltspChroot(['cleanup', '--state-dir', state]).then((nothing) => expect(nothing.stdout).toBe('Nothing to clean up.'));
  });

  it('is cleaned up by the next command on that chroot, without an explicit cleanup', async () => {
    const run = startLtspChroot(execArgs(longCommand), detached);
    await commandRunning();
    run.kill('SIGKILL');
    await run;
    const next = await ltspChroot(execArgs(['sh', '-c', 'cut -d" " -f2 /proc/self/mounts | grep -c "^/"']));
    expect(next.exitCode).toBe(0);
    // Inside: only this session's four mounts, not the dead run's stacked under them.
    expect(next.stdout.trim()).toBe('4');
    expect(await readdir(path.join(state, 'sessions'))).toEqual([]);
  });
});

describe('signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`passes ${signal} to the command, then takes the session down`, async () => {
      const run = startLtspChroot(execArgs(longCommand));
      await commandRunning();
      run.kill(signal);
      const result = await run;
      expect(result.exitCode).toBe(128 + { SIGTERM: 15, SIGINT: 2, SIGHUP: 1 }[signal]);
      expect(await readdir(path.join(state, 'sessions'))).toEqual([]);
    });
  }
});

describe('two operations on one chroot', () => {
  it('makes the second fail at once with the busy exit code, naming the first', () =>
    whileRunning(async (first) => {
      const second = await ltspChroot(execArgs(['true']));
      // The first is still running: the second did not wait for it.
      expect(first.exitCode).toBeNull();
      expect(second.exitCode).toBe(75);
      expect(second.stderr).toBe(`ltsp-chroot: bookworm is busy: process ${first.pid} (ltsp-chroot) holds ${root}/var/lib/dpkg/lock-frontend; wait for it to finish and try again`);
      // The second run must not have touched the first one's mounts.
      expect((await mountsUnder(root)).length).toBe(4);
    }));

  it('keeps cleanup away from a session that is still running', () =>
    whileRunning(async (first) => {
      const cleanup = await ltspChroot(['cleanup', '--json', '--state-dir', state]);
      expect(cleanup.exitCode).toBe(0);
      expect(lastEvent(cleanup.stdout)).toMatchObject({
        undone: [],
        skipped: [{ chroot: 'bookworm', reason: `in use by process ${first.pid}, which will take its session down itself` }],
        problems: [],
      });
      expect((await mountsUnder(root)).length).toBe(4);
    }));

  it('tells apt in the chroot that the chroot is busy, as apt itself would be told', () =>
    whileRunning(async (first) => {
      const { execa } = await import('execa');
      // An administrator's own apt run, outside our session, is kept out by the same lock.
      const apt = await execa('chroot', [root, 'apt-get', 'install', '-y', 'dpkg'], { reject: false });
      expect(apt.exitCode).not.toBe(0);
      expect(apt.stderr).toMatch(new RegExp(`Could not get lock /var/lib/dpkg/lock-frontend. It is held by process ${first.pid} \\(ltsp-chroot\\)`));
    }));
});
