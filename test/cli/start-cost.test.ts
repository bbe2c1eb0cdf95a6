// ltsp-chroot loads what its command uses, and no more (issue 18): --help reads its entry's code
// in one chunk and starts no program; a check answered from the status cache starts no program
// (no apt, no container) and loads none of the planning, process, refresh or translation code.
// The files come from strace's record of the run, so a new static import on these paths fails here.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEvent } from '../helpers/cli.js';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { tracedLtspChroot } from '../helpers/traced-run.js';

const tree = useScratchTree('start-cost');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'package-cache')];

/** The bundle's chunk files a run opened (scripts/bundle.mjs puts them in NAME-chunks/), by file name. */
const chunks = (opened: readonly string[]) => opened.filter((file) => path.basename(path.dirname(file)).endsWith('-chunks')).map((file) => path.basename(file));

// The chunks esbuild names after the module a dynamic import loads (NAME-HASH.js).
const lazy = (name: string) => new RegExp(`^${name}-[A-Z0-9]+\\.m?js$`);

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'lab'));
});

describe('a start of ltsp-chroot', () => {
  it('for --help reads the entry code in at most two chunks, and starts no program', async () => {
    const run = await tracedLtspChroot(tree.root, ['--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ltsp-chroot/);
    expect(run.started).toHaveLength(1);
    expect(chunks(run.opened).length).toBeGreaterThan(0);
    expect(chunks(run.opened).length).toBeLessThanOrEqual(2);
    expect(chunks(run.opened).filter((name) => lazy('gettext').test(name))).toEqual([]);
  });

  it('loads node-gettext only when there is a catalogue to read', async () => {
    const run = await tracedLtspChroot(tree.root, ['--language', 'el', 'list', '--json', ...common()]);
    expect(run.exitCode).toBe(0);
    expect(chunks(run.opened).filter((name) => lazy('gettext').test(name))).toHaveLength(1);
  });

  it('for a check answered from the status cache starts no program and loads no planning code', async () => {
    const first = await tracedLtspChroot(tree.root, ['check', '--json', ...common(), 'lab']);
    expect(first.exitCode).toBe(0);
    // The first check plans: the lazy code is loaded and apt runs in a container.
    expect(chunks(first.opened).some((name) => lazy('check-plan').test(name))).toBe(true);
    expect(first.started.length).toBeGreaterThan(1);

    const again = await tracedLtspChroot(tree.root, ['check', '--json', ...common(), 'lab']);
    expect(again.exitCode).toBe(0);
    expect((lastEvent(again.stdout) as unknown as { unchanged: string[] }).unchanged).toEqual(['lab']);
    expect(again.started).toHaveLength(1);
    const loaded = chunks(again.opened);
    for (const name of ['check-plan', 'run', 'refresh', 'gettext', 'human-events', 'status-table', 'upgrade-journal']) {
      expect(loaded.filter((file) => lazy(name).test(file)), name).toEqual([]);
    }
  });
});
