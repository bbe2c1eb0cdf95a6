// A check of a chroot where nothing apt reads changed since its last check answers from the status
// cache, without running apt or opening a session, and says so; anything apt reads that changes,
// a chroot in use, or --fresh makes it plan anew.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { holdChroot, lastEvent, ltspChroot } from '../helpers/cli.js';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('check-unchanged');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'package-cache')];

interface CheckResult {
  chroots: { name: string; pending: number | null; security: number | null; packages: unknown[]; lastCheck: string | null; aptInputs: string | null }[];
  unchanged: string[];
}

async function check(...args: string[]): Promise<{ exitCode: number; result: CheckResult; stdout: string }> {
  const run = await ltspChroot(['check', '--json', ...common(), ...args]);
  return { exitCode: run.exitCode, result: lastEvent(run.stdout) as unknown as CheckResult, stdout: run.stdout };
}

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'lab'));
});

describe('check of an unchanged chroot', () => {
  it('plans the first time, then answers from the cache with the same counts, and says so', async () => {
    const first = await check('lab');
    expect(first.exitCode).toBe(0);
    expect(first.result.unchanged).toEqual([]);
    const [planned] = first.result.chroots;
    expect(planned?.pending).toBeGreaterThan(0);
    expect(planned?.aptInputs).toMatch(/^[0-9a-f]{64}$/);

    const again = await check('lab');
    expect(again.exitCode).toBe(0);
    expect(again.result.unchanged).toEqual(['lab']);
    const [cached] = again.result.chroots;
    // The very plan of the first check: counts, packages, and when it was made.
    expect(cached).toMatchObject({ pending: planned?.pending, security: planned?.security, lastCheck: planned?.lastCheck, aptInputs: planned?.aptInputs });
    expect(cached?.packages).toEqual(planned?.packages);
    expect(again.stdout).toMatch(/"level":"info".*nothing apt reads changed since the check of/);
  });

  it('opens no session: a chroot another run holds is not answered from the cache, but found busy', async () => {
    const holder = (await holdChroot(common(), 'lab')).child;
    try {
      const busy = await check('lab');
      expect(busy.exitCode).toBe(75);
      expect(busy.result.unchanged).toEqual([]);
    } finally {
      holder.kill('SIGTERM');
      await holder;
    }
    // "busy" says nothing about the chroot, so its entry stayed: once free, the cache answers again.
    expect((await check('lab')).result.unchanged).toEqual(['lab']);
  });

  it('plans anew with --fresh', async () => {
    const fresh = await check('--fresh', 'lab');
    expect(fresh.exitCode).toBe(0);
    expect(fresh.result.unchanged).toEqual([]);
    expect(fresh.result.chroots[0]?.lastCheck).not.toBeNull();
  });

  it('plans anew once anything apt reads changed: a source added', async () => {
    expect((await check('lab')).result.unchanged).toEqual(['lab']);
    await writeFile(path.join(tree.base, 'lab/etc/apt/sources.list.d/empty.list'), '# nothing\n');
    const changed = await check('lab');
    expect(changed.result.unchanged).toEqual([]);
    expect((await check('lab')).result.unchanged).toEqual(['lab']);
  });
});
