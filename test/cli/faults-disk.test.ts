// A full disk: the chroot's own file system filling up while dpkg unpacks, and the state dir's while
// the status cache is written. Either is `no-space`, exit 81, said in one line ("free some space and
// run the same command again"), never an internal error; once space is freed the same command finishes.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEvent, ltspChroot, pendingUpdates, startLtspChroot } from '../helpers/cli.js';
import { faultRandom } from '../helpers/fault-seed.js';
import { copyChroot, fixture, mountsUnder, removeScratch, scratchDir } from '../helpers/fixtures.js';
import { leftInside, onEvents } from '../helpers/run-faults.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { fillUp, mountExt4Image, mountTmpfs, removeBallast, type SmallFs } from '../helpers/small-fs.js';

const tree = useScratchTree('faults-disk');
const random = faultRandom('disk');
const cacheDir = () => path.join(tree.root, 'cache');

/** The lines a run printed on stderr. */
const stderrLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '');

/** Disk usage of `dir` in bytes. */
async function diskUsage(dir: string): Promise<number> {
  const { stdout } = await execa('du', ['-s', '--block-size=1', dir]);
  return Number(stdout.split('\t')[0]);
}

/** How the engine says that apt or dpkg met a full disk. */
const fullDisk = /the disk is full \(.*No space left on device.*\); free some space .*and run the same command again, which finishes the job$/;

describe('a chroot whose own disk fills up while dpkg unpacks', () => {
  // The loop mount lives in a scratch folder of its own, outside the tree whose mounts are checked
  // after each test, because it has to outlive the test that fills it.
  let place: string | undefined;
  let disk: SmallFs | undefined;
  let root: string;
  const ballast = () => path.join(root, 'disk-filler');
  const upgrade = () => ['upgrade', '--json', '--yes', '--base-dir', place as string, '--state-dir', tree.state, '--cache-dir', cacheDir(), 'full'];

  beforeAll(async () => {
    place = await scratchDir('faults-disk-chroot');
    const source = fixture('bookworm', 'amd64', 'updates');
    disk = await mountExt4Image(path.join(tree.root, 'full.img'), path.join(place, 'full'), (await diskUsage(source)) + 300 * 1024 * 1024);
    root = disk.dir;
    await execa('cp', ['-a', `${source}/.`, root]);
  });

  afterAll(async () => {
    await disk?.unmount();
    if (place) await removeScratch(place);
  });

  /** Run the upgrade and fill the disk at the `k`-th unpack, keeping it full as dpkg frees blocks. */
  async function upgradeFillingAt(k: number) {
    const run = startLtspChroot(upgrade());
    let unpacks = 0;
    let filling: Promise<void> | undefined;
    let fillFailure: unknown;
    onEvents(run, (event) => {
      if (event.type !== 'progress' || event.step !== 'install') return;
      if (/^Unpacking /.test(event.message ?? '')) unpacks++;
      if (unpacks < k) return;
      // Every later event tops the ballast up again: a replaced package gives its old blocks back.
      filling = (filling ?? Promise.resolve()).then(() => fillUp(ballast())).catch((error: unknown) => {
        fillFailure ??= error;
      });
    });
    const result = await run;
    await filling;
    expect(fillFailure).toBeUndefined();
    return { result, filled: filling !== undefined };
  }

  it('stops with exit 81 and one line saying the disk is full, leaving nothing mounted or running', async () => {
    const k = random.between(1, 6);
    console.log(`[faults] disk: filling the chroot's disk at unpack ${k}`);
    const { result, filled } = await upgradeFillingAt(k);
    expect(filled).toBe(true);
    expect(result.exitCode, String(result.stderr)).toBe(81);
    const lines = stderrLines(String(result.stderr));
    expect(lines, String(result.stderr)).toHaveLength(1);
    expect(lines[0]).toMatch(/^ltsp-chroot: full: /);
    expect(lines[0]).toMatch(fullDisk);
    const outcome = lastEvent(String(result.stdout)) as { type: string; chroots?: { chroot: string; error: { code: string } | null }[] };
    expect(outcome).toMatchObject({ type: 'result', command: 'upgrade' });
    expect(outcome.chroots?.[0]?.error).toMatchObject({ chroot: 'full', code: 'no-space', message: expect.stringMatching(fullDisk) });
    expect(await mountsUnder(root)).toEqual([root]);
    expect(await leftInside(root)).toBe(0);
  });

  it('says so in one line when run again in the text mode while the disk is still full', async () => {
    // dpkg's rollback of the package it could not unpack gave blocks back: take them again.
    await fillUp(ballast());
    const again = await ltspChroot(upgrade().filter((arg) => arg !== '--json'));
    expect(again.exitCode, again.stderr).toBe(81);
    // The text mode's steps go to stderr too; the error is the one line led by the engine's name.
    const errors = stderrLines(again.stderr).filter((line) => line.startsWith('ltsp-chroot: '));
    expect(errors, again.stderr).toHaveLength(1);
    const line = errors[0] as string;
    expect(line).toMatch(/^ltsp-chroot: full: .*run the same command again/);
    expect(again.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(await mountsUnder(root)).toEqual([root]);
    expect(await leftInside(root)).toBe(0);
    // The session's own files were taken out again, even though the disk refused them.
    expect(await stat(path.join(root, 'usr/sbin/policy-rc.d')).catch(() => undefined)).toBeUndefined();
    // Whichever write meets the full disk first, dpkg's or the engine's own, the line says where.
    const saysWhere = fullDisk.test(line) || (line.includes(`no space left on the disk for ${root}/`) && line.endsWith(': free some space there and run the same command again'));
    expect(saysWhere, line).toBe(true);
  });

  it('is finished by the next plain upgrade once the space is freed', async () => {
    await removeBallast(ballast());
    const next = await ltspChroot(upgrade());
    expect(next.exitCode, next.stderr).toBe(0);
    const common = ['--base-dir', place as string, '--state-dir', tree.state, '--cache-dir', cacheDir()];
    expect(await pendingUpdates(common, 'full')).toBe(0);
    expect((await execa('chroot', [root, 'dpkg', '--audit'])).stdout).toBe('');
    expect(await mountsUnder(root)).toEqual([root]);
  });
});

describe('a state dir whose disk is full', () => {
  let place: string | undefined;
  let stateFs: SmallFs | undefined;
  let state: string;
  let before: Buffer;
  let pendingBefore: number;
  const ballast = () => path.join(state, 'disk-filler');
  const common = () => ['--base-dir', tree.base, '--state-dir', state, '--cache-dir', cacheDir()];

  beforeAll(async () => {
    place = await scratchDir('faults-disk-state');
    stateFs = await mountTmpfs(path.join(place, 'state'), 512 * 1024);
    state = stateFs.dir;
    await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'quiet'));
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'pending'));
    const first = await ltspChroot(['check', '--json', ...common(), 'quiet', 'pending']);
    expect(first.exitCode, first.stderr).toBe(0);
    pendingBefore = pendingOf(lastEvent(first.stdout), 'pending');
    before = await readFile(path.join(state, 'status.json'));
    await fillUp(ballast());
  });

  afterAll(async () => {
    await stateFs?.unmount();
    if (place) await removeScratch(place);
  });

  /** What every refusal here must look like, and leave behind. */
  async function expectRefusedForSpace(result: { exitCode: number; stderr: string }): Promise<void> {
    expect(result.exitCode, result.stderr).toBe(81);
    const lines = stderrLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^ltsp-chroot: no space left on the disk.*: free some space there and run the same command again$/);
    const after = await readFile(path.join(state, 'status.json'));
    expect(after.equals(before)).toBe(true);
    expect(() => JSON.parse(after.toString())).not.toThrow();
    expect(await tempFilesUnder(state)).toEqual([]);
    // Last, so that a line that does not say where still shows what else went right.
    expect(lines[0]).toContain(` for ${state}`);
  }

  it('makes check exit 81 naming the state dir, keeping the last status.json as it was', async () => {
    const result = await ltspChroot(['check', '--json', ...common(), 'quiet']);
    await expectRefusedForSpace(result);
    expect(lastEvent(result.stdout)).toMatchObject({ type: 'error', code: 'no-space', exitCode: 81 });
  });

  for (const name of ['quiet', 'pending']) {
    it(`makes an upgrade of ${name} exit 81 before it changes the chroot`, async () => {
      const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), name]);
      await expectRefusedForSpace(result);
      expect(lastEvent(result.stdout)).toMatchObject({ type: 'error', code: 'no-space', exitCode: 81 });
      const root = path.join(tree.base, name);
      expect((await execa('chroot', [root, 'dpkg', '--audit'])).stdout).toBe('');
      // The journal comes before any file swap: none was made, so none is left to undo.
      expect(await stat(path.join(root, 'usr/sbin/policy-rc.d')).catch(() => undefined)).toBeUndefined();
    });
  }

  it('lets check write a status.json with the chroots again once space is freed', async () => {
    await removeBallast(ballast());
    const result = await ltspChroot(['check', '--json', ...common(), 'quiet', 'pending']);
    expect(result.exitCode, result.stderr).toBe(0);
    const written = JSON.parse(await readFile(path.join(state, 'status.json'), 'utf8')) as Record<string, unknown>;
    expect((written['chroots'] as { name: string }[]).map((entry) => entry.name).sort()).toEqual(['pending', 'quiet']);
    // The refused upgrade installed nothing: the same updates are still pending.
    expect(pendingOf(written, 'pending')).toBe(pendingBefore);
    expect(pendingBefore).toBeGreaterThan(0);
  });
});

/** The pending count of chroot `name` in a check result or a status cache. */
function pendingOf(report: Record<string, unknown>, name: string): number {
  const chroots = report['chroots'] as { name: string; pending: number }[];
  return chroots.find((entry) => entry.name === name)?.pending ?? -1;
}

/** Temp files left anywhere in `dir` (a durable write's `*.tmp`). */
async function tempFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.tmp'));
}
