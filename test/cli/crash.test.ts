// Killed runs, signals and concurrent runs: nothing is ever mounted on the host, a dead run's file swaps are put back, and one operation holds a chroot at a time.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, startLtspChroot } from '../helpers/cli.js';
import { processesInside } from '../helpers/run-faults.js';
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
  // Should a command of a killed run outlive it, only this test's chroot is searched: processes
  // of other tests or of the host are never ended by name.
  for (const pid of await processesInside(root)) process.kill(pid, 'SIGKILL');
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
const longCommand = ['sh', '-c', `touch /${started}; exec sleep 59`];
// How the command shows in /proc once it runs: sleep 59, a length no other test uses.
const longCommandLine = 'sleep\u000059\u0000';

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
  it('leaves no mount on the host and takes its command with it; cleanup puts the file swaps back', async () => {
    const run = startLtspChroot(execArgs(longCommand), detached);
    await commandRunning();
    // The command runs in a mount namespace of its own: the host sees nothing mounted in the chroot.
    expect(await mountsUnder(root)).toEqual([]);
    run.kill('SIGKILL');
    await run;
    expect(await mountsUnder(root)).toEqual([]);
    // The container dies with the engine: nothing of the chroot runs on without the lock.
    await waitUntilGone();
    // SIGKILL gives no chance to clean up: the daemon guard and the journal are still there.
    expect(await readdir(path.join(state, 'sessions'))).toHaveLength(1);

    const cleanup = await ltspChroot(['cleanup', '--json', '--state-dir', state]);
    expect(cleanup.exitCode).toBe(0);
    const result = lastEvent(cleanup.stdout) as { undone: { action: string }[] };
    expect(result.undone.map((entry) => entry.action)).toEqual(expect.arrayContaining([`removed ${root}/usr/sbin/policy-rc.d`]));
    await expect(stat(path.join(root, 'usr/sbin/policy-rc.d'))).rejects.toThrow();
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
    const next = await ltspChroot(execArgs(['sh', '-c', 'test -e /usr/sbin/policy-rc.d && echo guarded; ls /etc/apt | grep -c ltsp-chroot-session']));
    expect(next.exitCode).toBe(0);
    // Inside: this session's own daemon guard and apt setting, not the dead run's beside them.
    expect(next.stdout.trim().split('\n')).toEqual(['guarded', '1']);
    expect(await readdir(path.join(state, 'sessions'))).toEqual([]);
  });
});

/** Wait until the killed run's command has died with its container. */
async function waitUntilGone(): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  for (let i = 0; i < 100; i++) {
    let left = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      if ((await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')) === longCommandLine) left++;
    }
    if (left === 0) return;
    await sleep(50);
  }
  throw new Error('the killed run\'s command still runs');
}

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
      // The second run must not have touched the first one's daemon guard.
      expect((await stat(path.join(root, 'usr/sbin/policy-rc.d'))).isFile()).toBe(true);
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
      expect((await stat(path.join(root, 'usr/sbin/policy-rc.d'))).isFile()).toBe(true);
    }));

  it('tells apt in the chroot that the chroot is busy, as apt itself would be told', () =>
    whileRunning(async (first) => {
      const { execa } = await import('execa');
      // An administrator's own apt run, outside our session, is kept out by the same lock.
      const apt = await execa('chroot', [root, 'apt-get', 'install', '-y', 'dpkg'], { reject: false });
      expect(apt.exitCode).not.toBe(0);
      expect(apt.stderr).toMatch(new RegExp(`Could not get lock /var/lib/dpkg/lock-frontend. It is held by process ${first.pid}`));
    }));
});
