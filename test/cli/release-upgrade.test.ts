// release-upgrade on real chroots: bookworm to trixie, bullseye to bookworm, deb822 sources,
// every refusal before anything changes, and a failure in the middle rolled back.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { releaseUpgradeSteps } from '../../packages/engine/src/pipeline/release-upgrade-steps.js';
import { stepIds } from '../../packages/engine/src/pipeline/run-steps.js';
import { copyChroot, ensureFixture, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { buildLocalRepo } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('release');
let base: string;

beforeAll(async () => {
  base = tree.base;
  await ensureFixture('bullseye', 'amd64', 'updates');
});

const common = () => ['--base-dir', base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

interface Result {
  from: string;
  to: string;
  upgraded: number;
  disabledSources: string[];
  sourcesBackup: string;
}

async function releaseUpgrade(name: string, ...extra: string[]) {
  return ltspChroot(['release-upgrade', '--json', '--yes', ...common(), ...extra, name]);
}

async function codename(name: string): Promise<string | undefined> {
  return /^VERSION_CODENAME=(.*)$/m.exec(await readFile(path.join(base, name, 'etc/os-release'), 'utf8'))?.[1];
}

async function pendingAfterCheck(name: string): Promise<number> {
  const check = await ltspChroot(['check', '--json', ...common(), name]);
  return (lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending ?? -1;
}

async function dpkgAudit(name: string): Promise<string> {
  return (await execa('chroot', [path.join(base, name), 'dpkg', '--audit'])).stdout;
}

async function packageList(name: string): Promise<string> {
  return (await execa('chroot', [path.join(base, name), 'dpkg-query', '-W', '-f', '${binary:Package} ${Version} ${db:Status-Abbrev}\n'])).stdout;
}

describe('release-upgrade', () => {
  it('moves a bookworm chroot to trixie', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'bookworm'));
    const listed = await ltspChroot(['list', '--json', ...common()]);
    expect((lastEvent(listed.stdout)['chroots'] as { name: string; nextRelease: unknown }[]).find((chroot) => chroot.name === 'bookworm')?.nextRelease).toEqual({ series: 'trixie', version: '13' });

    const result = await releaseUpgrade('bookworm');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(lastEvent(result.stdout)).toMatchObject({ command: 'release-upgrade', moves: [{ chroot: 'bookworm', kind: 'chroot', from: 'bookworm', to: 'trixie', moved: true, disabledSources: [], error: null }] });
    // The declared list, in its order; only the rollback, which follows a failure, is left out.
    const ended = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event['type'] === 'step' && event['state'] !== 'started').map((event) => event['step']);
    expect(ended).toEqual(stepIds(releaseUpgradeSteps, 'chroot').filter((id) => id !== 'rollback'));
    expect(await codename('bookworm')).toBe('trixie');
    expect(await pendingAfterCheck('bookworm')).toBe(0);
    expect(await dpkgAudit('bookworm')).toBe('');
    const sources = await readFile(path.join(base, 'bookworm/etc/apt/sources.list'), 'utf8');
    expect(sources).toMatch(/^deb \S+ trixie main$/m);
    expect(sources).toMatch(/^deb \S+ trixie-updates main$/m);
    expect(sources).toMatch(/^deb \S+ trixie-security main$/m);
    expect(sources).not.toContain('bookworm');
  });

  it('moves a bullseye chroot to bookworm, adding non-free-firmware beside non-free', async () => {
    const root = await copyChroot(fixture('bullseye', 'amd64', 'updates'), path.join(base, 'bullseye'));
    const original = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
    await writeFile(path.join(root, 'etc/apt/sources.list'), original.replace(/ main$/gm, ' main contrib non-free'));
    const result = await releaseUpgrade('bullseye', '--to', 'bookworm');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await codename('bullseye')).toBe('bookworm');
    expect(await dpkgAudit('bullseye')).toBe('');
    expect(await pendingAfterCheck('bullseye')).toBe(0);
    const sources = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
    expect(sources).toMatch(/^deb \S+ bookworm main contrib non-free non-free-firmware$/m);
    expect(sources).toMatch(/^deb \S+ bookworm-security main contrib non-free non-free-firmware$/m);
    // The original sources are kept.
    const [{ sourcesBackup }] = (lastEvent(result.stdout) as unknown as { moves: [Result] }).moves;
    expect(await readFile(path.join(sourcesBackup, 'sources.list'), 'utf8')).toContain('bullseye-security');
  });

  it('rewrites deb822 sources as deb822', async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'deb822'));
    const oneLine = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
    const [mirror] = /^deb (\S+) bookworm main$/m.exec(oneLine)?.slice(1) ?? [];
    const [security] = /^deb (\S+) bookworm-security main$/m.exec(oneLine)?.slice(1) ?? [];
    await rm(path.join(root, 'etc/apt/sources.list'));
    await writeFile(path.join(root, 'etc/apt/sources.list.d/debian.sources'), [
      'Types: deb', `URIs: ${mirror}`, 'Suites: bookworm bookworm-updates', 'Components: main', 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg', '',
      'Types: deb', `URIs: ${security}`, 'Suites: bookworm-security', 'Components: main', 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg', '',
    ].join('\n'));
    const result = await releaseUpgrade('deb822');
    expect(result.exitCode).toBe(0);
    const sources = await readFile(path.join(root, 'etc/apt/sources.list.d/debian.sources'), 'utf8');
    expect(sources).toContain('Suites: trixie trixie-updates\n');
    expect(sources).toContain('Suites: trixie-security\n');
    expect(await readdir(path.join(root, 'etc/apt/sources.list.d'))).toEqual(['debian.sources']);
    expect(await codename('deb822')).toBe('trixie');
  });
});

describe('release-upgrade refuses before anything changes', () => {
  let root: string;
  let before: string;

  beforeAll(async () => {
    root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'stays'));
    before = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
  });

  async function expectUnchanged(): Promise<void> {
    expect(await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8')).toBe(before);
    expect(await codename('stays')).toBe('bookworm');
    expect((await readdir(base)).filter((name) => name.startsWith('stays.'))).toEqual([]);
    expect((await readdir(path.join(root, 'var/tmp'))).filter((name) => name.includes('ltsp'))).toEqual([]);
  }

  it.each([
    ['an unknown codename', 'nonesuch', /"nonesuch" is not a debian release/],
    ['an older release', 'bullseye', /bullseye is not newer than bookworm/],
    ['the same release', 'bookworm', /bookworm is not newer than bookworm/],
  ])('--to %s', async (_what, to, message) => {
    const result = await releaseUpgrade('stays', '--to', to as string, '--snapshot');
    expect(result.exitCode).toBe(79);
    expect(result.stderr).toMatch(message as RegExp);
    await expectUnchanged();
  });

  it('a chroot whose package lists were never fetched', async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'nolists'));
    // debootstrap leaves the lists it fetched on some hosts: make the state this test names.
    await rm(path.join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
    await mkdir(path.join(root, 'var/lib/apt/lists/partial'), { recursive: true });
    const result = await releaseUpgrade('nolists');
    expect(result.exitCode).toBe(80);
    expect(result.stderr).toMatch(/nolists has no package lists for \S+ bookworm .*run "ltsp-chroot refresh nolists" first/);
  });

  it('a chroot that cannot run here', async () => {
    await copyChroot(fixture('bookworm', 'arm64', 'foreign'), path.join(base, 'arm'));
    const result = await releaseUpgrade('arm');
    expect([68, 69]).toContain(result.exitCode);
  });

  it('too little free space', async () => {
    const small = path.join(tree.root, 'small');
    await mkdir(small);
    // A file system with a little room beside the chroot, but less than the upgrade needs.
    const { stdout: used } = await execa('du', ['-sm', fixture('bookworm', 'amd64', 'updates')]);
    await execa('mount', ['-t', 'tmpfs', '-o', `size=${Number(used.split('\t')[0]) + 90}m`, 'ltsp-update-test', small]);
    try {
      const smallRoot = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(small, 'tiny'));
      const sources = await readFile(path.join(smallRoot, 'etc/apt/sources.list'), 'utf8');
      const result = await ltspChroot(['release-upgrade', '--json', '--yes', '--base-dir', small, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'tiny']);
      expect(result.exitCode).toBe(81);
      expect(result.stderr).toMatch(/tiny needs about \d+ MB free for the upgrade .* and its file system has \d+ MB: free some space first/);
      expect(await readFile(path.join(smallRoot, 'etc/apt/sources.list'), 'utf8')).toBe(sources);
      expect(await mountsUnder(smallRoot)).toEqual([]);
    } finally {
      await execa('umount', [small]);
    }
  });
});

describe('a release upgrade that fails in the middle', () => {
  const canary = (version: string, postinst: string) => ({ name: 'ltsp-test-canary', version, postinst });

  /** A bookworm chroot with a package from a local repository whose next version fails to install on trixie. */
  async function chrootWithCanary(name: string): Promise<string> {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, name));
    await buildLocalRepo(path.join(root, 'srv/canary-repo'), {
      bookworm: [canary('1.0', '#!/bin/sh\nexit 0\n')],
      trixie: [canary('2.0', '#!/bin/sh\necho "the canary does not survive the new release" >&2\nexit 1\n')],
    });
    await writeFile(path.join(root, 'etc/apt/sources.list.d/canary.list'), 'deb [trusted=yes] file:/srv/canary-repo bookworm main\n');
    const installed = await ltspChroot(['exec', ...common(), name, '--', 'sh', '-c', 'apt-get -q update && apt-get -y -q install ltsp-test-canary']);
    expect(installed.exitCode).toBe(0);
    return root;
  }

  it('with --snapshot, swaps the chroot back: the same release and the same package list', async () => {
    const root = await chrootWithCanary('canary-snap');
    const packagesBefore = await packageList('canary-snap');
    const result = await releaseUpgrade('canary-snap', '--snapshot');
    expect(result.exitCode).toBe(74);
    expect(result.stderr).toMatch(/release upgrade of canary-snap to trixie failed \(.*\); the chroot is back to its bookworm snapshot, and the failed tree is kept at \S+/);
    expect(await codename('canary-snap')).toBe('bookworm');
    expect(await packageList('canary-snap')).toBe(packagesBefore);
    expect(await readFile(path.join(root, 'etc/apt/sources.list.d/canary.list'), 'utf8')).toContain('bookworm');
    const failed = (await readdir(base)).filter((name) => name.startsWith('canary-snap.failed-trixie-'));
    expect(failed).toHaveLength(1);
    expect(await mountsUnder(base)).toEqual([]);
    await execa('rm', ['-rf', '--one-file-system', path.join(base, failed[0] as string)]);
  });

  it('without a snapshot, puts the sources back and says how to recover', async () => {
    const root = await chrootWithCanary('canary-plain');
    const result = await releaseUpgrade('canary-plain');
    expect(result.exitCode).toBe(74);
    expect(result.stderr).toMatch(/release upgrade of canary-plain to trixie failed .*Its apt sources are back to bookworm \(a copy of the original sources is in \S+\), but the chroot may be partly upgraded: to finish the move, fix the cause and run "ltsp-chroot release-upgrade canary-plain" again; to go back, restore a backup of the chroot/);
    const sources = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
    expect(sources).toMatch(/^deb \S+ bookworm main$/m);
    expect(sources).not.toContain('trixie');
    // The move is still unfinished: plain updates would mix two releases, so they are refused with the way on.
    const upgrade = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'canary-plain']);
    expect(upgrade.exitCode).toBe(80);
    expect(JSON.stringify(lastEvent(upgrade.stdout))).toMatch(/canary-plain is in the middle of its move from bookworm to trixie: run \\"ltsp-chroot release-upgrade canary-plain\\" to finish it/);
  });
});
