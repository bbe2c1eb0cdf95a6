// CLI → client → view-model on a real chroot: what the windows do when "Update now" is clicked.
import path from 'node:path';
import { readStatusCache, runEngine } from '@ltsp-update/engine/client';
import { UpdatesModel, type PageState } from '@ltsp-update/engine/view-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('view-model');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'classroom'));
  await copyChroot(fixture('bookworm', 'arm64', 'foreign'), path.join(tree.base, 'rpi'));
  const check = await ltspChroot(['check', '--all', '--json', ...common()]);
  expect(check.exitCode).toBe(0);
});

describe('the windows’ model with the real engine', () => {
  it('updates the ticked chroot and then says it is up to date, as check does', async () => {
    const model = new UpdatesModel({
      readStatus: () => readStatusCache(tree.state).chroots,
      run: (args) => runEngine([...args, ...common()], { asRoot: true }),
    });
    model.load();
    expect(model.state.page).toBe('has-updates');
    expect(model.state.chroots.map((row) => [row.name, row.selected, row.canUpdate])).toEqual([['classroom', true, true], ['rpi', false, false]]);

    const pages: PageState[] = [];
    model.subscribe((state) => pages.push(state.page));
    await model.updateSelected();
    expect(pages[0]).toBe('running');
    expect(model.state.error).toBeNull();
    expect(model.state.page).toBe('up-to-date');
    expect(model.state.chroots[0]).toMatchObject({ name: 'classroom', summary: 'Up to date' });
    expect(model.state.details.length).toBeGreaterThan(0);

    const check = await ltspChroot(['check', '--json', ...common(), 'classroom']);
    expect((lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending).toBe(0);
  });
});
