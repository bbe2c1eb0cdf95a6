// A check plans each chroot in one confined run: one container (systemd-nspawn) per chroot, in
// which apt-get plans once and apt-cache is asked only beside it, however many chroots are
// checked at once; the answer is apt's own (update.test.ts compares it with apt-get -s).
// The programs started are counted from strace's record of every execve of the run.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEvent } from '../helpers/cli.js';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { tracedLtspChroot } from '../helpers/traced-run.js';

const tree = useScratchTree('check-one-run');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'package-cache')];

interface Checked {
  chroots: { name: string; pending: number | null; security: number | null; lastError: unknown }[];
  failed: unknown[];
}

/** Run `ltsp-chroot ARGS…` under strace; its result and the programs it started. */
async function traced(args: readonly string[]): Promise<{ exitCode: number; result: Checked; started: string[] }> {
  const run = await tracedLtspChroot(tree.root, args);
  return { exitCode: run.exitCode, result: lastEvent(run.stdout) as unknown as Checked, started: run.started };
}

const count = (started: readonly string[], program: string) => started.filter((file) => path.basename(file) === program).length;

beforeAll(async () => {
  const updates = fixture('bookworm', 'amd64', 'updates');
  await copyChroot(updates, path.join(tree.base, 'one'));
  await copyChroot(updates, path.join(tree.base, 'two'));
});

describe('a check', () => {
  it('starts one container for a chroot, with one apt-get plan in it', async () => {
    const { exitCode, result, started } = await traced(['check', '--fresh', '--json', ...common(), 'one']);
    expect(exitCode).toBe(0);
    expect(result.chroots).toMatchObject([{ name: 'one', lastError: null }]);
    expect(result.chroots[0]?.pending).toBeGreaterThan(0);
    expect(count(started, 'systemd-nspawn')).toBe(1);
    expect(count(started, 'apt-get')).toBe(1);
    // The sources' releases beside the plan, then the version tables of the packages it names.
    expect(count(started, 'apt-cache')).toBe(2);
    expect(await mountsUnder(tree.root)).toEqual([]);
  });

  it('of two chroots at once starts one container for each and gives each its own answer, in order', async () => {
    const { exitCode, result, started } = await traced(['check', '--fresh', '--json', ...common(), 'two', 'one']);
    expect(exitCode).toBe(0);
    expect(result.failed).toEqual([]);
    expect(result.chroots.map((entry) => entry.name)).toEqual(['one', 'two']);
    expect(result.chroots[0]).toMatchObject({ pending: result.chroots[1]?.pending, security: result.chroots[1]?.security });
    expect(count(started, 'systemd-nspawn')).toBe(2);
    expect(count(started, 'apt-get')).toBe(2);
    expect(count(started, 'apt-cache')).toBe(4);
  });
});
