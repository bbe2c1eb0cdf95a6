// A release upgrade SIGKILLed as a whole at seeded random moments of each of its phases (the
// sources, the minimal upgrade, the full upgrade, the rollback): the next plain run finishes the
// move, or the rollback, and nothing is left mounted or running.
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, pendingUpdates } from '../helpers/cli.js';
import { faultRandom } from '../helpers/fault-seed.js';
import { buildLocalRepo } from '../helpers/local-repo.js';
import { killRunWhen, leftInside, type RunEvent } from '../helpers/run-faults.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('faults-release');
const random = faultRandom('release upgrade killed');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];
const releaseUpgrade = (name: string, ...extra: string[]) => ['release-upgrade', '--json', '--yes', ...common(), ...extra, name];

async function codename(root: string): Promise<string | undefined> {
  return /^VERSION_CODENAME=(.*)$/m.exec(await readFile(path.join(root, 'etc/os-release'), 'utf8'))?.[1];
}

/** Watches a run's events: true once the move's `installRun`-th install step (1: minimal, 2: full) has shown `count` progress events. */
function inMoveInstall(installRun: number, count: number): (event: RunEvent) => boolean {
  let sourcesWritten = false;
  let installs = 0;
  let seen = 0;
  return (event) => {
    if (event.type === 'step' && event.step === 'sources' && event.state === 'done') sourcesWritten = true;
    if (!sourcesWritten) return false;
    if (event.type === 'step' && event.step === 'install' && event.state === 'started') installs++;
    if (installs !== installRun) return false;
    if (event.type === 'progress') seen++;
    return seen >= count || (event.type === 'step' && event.step === 'install' && event.state !== 'started');
  };
}

for (let point = 1; point <= random.points; point++) {
  describe(`a release upgrade killed in each phase, point ${point}`, () => {
    const name = `moving${point}`;
    let root: string;
    beforeAll(async () => {
      root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, name));
    });
    const moments: [string, (event: RunEvent) => boolean, number][] = [
      ['as the sources are rewritten', (event) => event.type === 'step' && event.step === 'sources', random.between(0, 300)],
      ['in the minimal upgrade', inMoveInstall(1, random.between(1, 60)), random.between(0, 300)],
      ['in the full upgrade', inMoveInstall(2, random.between(1, 200)), random.between(0, 300)],
    ];
    for (const [moment, when, delayMs] of moments) {
      it(`${moment} (+${delayMs} ms) leaves nothing mounted or running`, async () => {
        const { killed } = await killRunWhen(releaseUpgrade(name), when, delayMs);
        if (!killed) console.log(`[faults] ${name}: the run ended before the kill ${moment}`);
        expect(await mountsUnder(root)).toEqual([]);
        expect(await leftInside(root)).toBe(0);
      });
    }

    it('is refused by a plain upgrade, which names the command that finishes it', async () => {
      const upgrade = await ltspChroot(['upgrade', '--json', '--yes', ...common(), name]);
      // Unless the last kill came too late to matter: then the move is done and there is nothing to refuse.
      if (await codename(root) === 'trixie' && upgrade.exitCode === 0) return;
      expect(upgrade.exitCode).toBe(80);
      const { chroots } = lastEvent(upgrade.stdout) as { chroots: { error: { chroot: string; code: string; message: string } | null }[] };
      expect(chroots[0]?.error).toEqual({ chroot: name, kind: 'chroot', code: 'not-ready', message: expect.stringMatching(new RegExp(`^${name} is in the middle of its move from bookworm to trixie: run "ltsp-chroot release-upgrade ${name}" to finish it`)) });
    });

    it('is finished by the next plain release-upgrade: trixie, nothing pending, dpkg clean', async () => {
      const next = await ltspChroot(releaseUpgrade(name));
      expect(next.stderr).toBe('');
      expect(next.exitCode).toBe(0);
      expect(lastEvent(next.stdout)).toMatchObject({ command: 'release-upgrade', moves: [{ chroot: name, from: 'bookworm', to: 'trixie', moved: true }] });
      expect(await codename(root)).toBe('trixie');
      const sources = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
      expect(sources).toMatch(/^deb \S+ trixie main$/m);
      expect(sources).not.toContain('bookworm');
      expect(await pendingUpdates(common(), name)).toBe(0);
      expect((await execa('chroot', [root, 'dpkg', '--audit'])).stdout).toBe('');
      expect(await readdir(path.join(tree.state, 'release-upgrade'))).not.toContainEqual(expect.stringMatching(new RegExp(`^${name}-.*\\.journal\\.json$`)));
    });
  });
}

describe('a release upgrade killed while it rolls back to its snapshot', () => {
  const canary = (version: string, postinst: string) => ({ name: 'ltsp-test-canary', version, postinst });
  let root: string;
  let packagesBefore: string;
  const packageList = async () => (await execa('chroot', [root, 'dpkg-query', '-W', '-f', '${binary:Package} ${Version} ${db:Status-Abbrev}\n'])).stdout;

  beforeAll(async () => {
    // A package whose trixie version fails to install: the move fails and rolls back.
    root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'canary'));
    await buildLocalRepo(path.join(root, 'srv/canary-repo'), {
      bookworm: [canary('1.0', '#!/bin/sh\nexit 0\n')],
      trixie: [canary('2.0', '#!/bin/sh\necho "the canary does not survive the new release" >&2\nexit 1\n')],
    });
    await writeFile(path.join(root, 'etc/apt/sources.list.d/canary.list'), 'deb [trusted=yes] file:/srv/canary-repo bookworm main\n');
    const installed = await ltspChroot(['exec', ...common(), 'canary', '--', 'sh', '-c', 'apt-get -q update && apt-get -y -q install ltsp-test-canary']);
    expect(installed.exitCode).toBe(0);
    packagesBefore = await packageList();
  });

  it('is finished by the next plain run: back to the bookworm snapshot, the failed tree kept', async () => {
    const delayMs = random.between(0, 50);
    const { killed } = await killRunWhen(releaseUpgrade('canary', '--snapshot'), (event) => event.type === 'step' && event.step === 'rollback' && event.state === 'started', delayMs);
    if (!killed) console.log(`[faults] canary: the rollback ended before the kill (+${delayMs} ms)`);
    expect(await mountsUnder(tree.base)).toEqual([]);
    // The timer's refresh is a plain run that comes anyway; so is the administrator's next release-upgrade.
    const next = await ltspChroot(['refresh', '--json', ...common(), 'canary']);
    expect(next.stderr).not.toMatch(/internal error/);
    const finished = await ltspChroot(releaseUpgrade('canary', '--snapshot'));
    // The failing package still fails: the move is tried again and rolled back again, whole.
    expect(finished.exitCode).toBe(74);
    expect(finished.stderr).toMatch(/the chroot is back to its bookworm snapshot/);
    expect(await codename(root)).toBe('bookworm');
    expect(await packageList()).toBe(packagesBefore);
    expect(await mountsUnder(tree.base)).toEqual([]);
  });

  it('finishes a rollback cut between its two renames, even with the chroot folder missing', async () => {
    // The state a power cut after the first rename leaves: the chroot moved aside as the failed
    // tree, the snapshot not yet in its place, and the journal saying so.
    const snapshot = `${root}.snapshot-bookworm-test`;
    await execa('cp', ['-a', '--reflink=auto', root, snapshot]);
    const failed = `${root}.failed-trixie-test`;
    await rename(root, failed);
    await mkdir(path.join(tree.state, 'release-upgrade'), { recursive: true });
    const journalName = (await import('node:crypto')).createHash('sha256').update(root).digest('hex').slice(0, 12);
    const sources = await readFile(path.join(failed, 'etc/apt/sources.list'), 'utf8');
    await writeFile(path.join(tree.state, 'release-upgrade', `canary-${journalName}.journal.json`), JSON.stringify({
      v: 1, chroot: root, name: 'canary', from: 'bookworm', to: 'trixie', backup: path.join(tree.state, 'release-upgrade', 'none'), snapshot,
      originals: [{ name: 'sources.list', format: 'one-line', text: sources }], target: [], disabled: [], phase: 'rolling-back', failed,
    }));
    const listed = await ltspChroot(['refresh', '--json', ...common(), 'canary']);
    expect(listed.stdout).toMatch(/the interrupted rollback of canary was finished: it is back to its bookworm snapshot/);
    expect(await codename(root)).toBe('bookworm');
    expect(await packageList()).toBe(packagesBefore);
    expect((await readdir(tree.base)).filter((entry) => entry.startsWith('canary.snapshot-bookworm-test'))).toEqual([]);
    expect(await readdir(tree.base)).toContain('canary.failed-trixie-test');
    expect(await readdir(path.join(tree.state, 'release-upgrade'))).not.toContainEqual(expect.stringMatching(/^canary-.*\.journal\.json$/));
  });

  it('rolls back to the snapshot when killed as its rollback began, before the journal said so', async () => {
    // The state a kill in the first moments of the rollback leaves (seed 31131018 found it): the
    // sources put back, the journal still saying "moving", and dpkg stuck on the package that
    // failed, so the move cannot go on. The next run must roll back, not stop at the broken dpkg.
    const snapshot = `${root}.snapshot-bookworm-cut`;
    await execa('cp', ['-a', '--reflink=auto', root, snapshot]);
    const canaryList = path.join(root, 'etc/apt/sources.list.d/canary.list');
    const originals = [
      { name: 'sources.list', format: 'one-line', text: await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8') },
      { name: 'sources.list.d/canary.list', format: 'one-line', text: await readFile(canaryList, 'utf8') },
    ];
    await writeFile(canaryList, originals[1]!.text.replace('bookworm', 'trixie'));
    const broken = await ltspChroot(['exec', ...common(), 'canary', '--', 'sh', '-c', 'apt-get -q update && apt-get -y -q install ltsp-test-canary']);
    expect(broken.exitCode).not.toBe(0);
    await writeFile(canaryList, originals[1]!.text);
    const journalName = (await import('node:crypto')).createHash('sha256').update(root).digest('hex').slice(0, 12);
    await writeFile(path.join(tree.state, 'release-upgrade', `canary-${journalName}.journal.json`), JSON.stringify({
      v: 1, chroot: root, name: 'canary', from: 'bookworm', to: 'trixie', backup: path.join(tree.state, 'release-upgrade', 'none'), snapshot,
      originals, target: originals.map((file) => ({ ...file, text: file.text.replaceAll('bookworm', 'trixie') })), disabled: [], phase: 'moving',
    }));
    const next = await ltspChroot(releaseUpgrade('canary'));
    expect(next.exitCode, next.stderr).toBe(74);
    expect(next.stderr).toMatch(/the chroot is back to its bookworm snapshot/);
    expect(await codename(root)).toBe('bookworm');
    expect(await packageList()).toBe(packagesBefore);
    expect(await mountsUnder(tree.base)).toEqual([]);
    expect(await readdir(path.join(tree.state, 'release-upgrade'))).not.toContainEqual(expect.stringMatching(/^canary-.*\.journal\.json$/));
  });
});
