// An upgrade cut short between two unpacks (a package unpacked, the new version of one it depends on
// not yet) is finished by the next plain upgrade: dpkg --configure -a alone cannot, apt-get -f can.
// So is one cut between apt's removal of a package (with --force-depends) and what replaces it,
// where dpkg's records are clean and only apt sees the dependency missing.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, pendingUpdates } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('recover');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];
const inside = (command: string, name = 'cut') => ltspChroot(['exec', ...common(), '--network', name, '--', 'sh', '-c', command]);

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'cut'));
  // The state a SIGKILL between two unpacks leaves: libpam-modules unpacked at its new version, while
  // the libpam-modules-bin of that same version it needs was never unpacked.
  const unpacked = await inside('apt-get -q -d -y dist-upgrade >/dev/null && dpkg --unpack --force-depends /var/cache/apt/archives/libpam-modules_*.deb');
  expect(unpacked.exitCode).toBe(0);
});

describe('an interrupted upgrade', () => {
  it('is a state that dpkg --configure -a alone cannot finish', async () => {
    const configure = await inside('dpkg --configure -a');
    expect(configure.exitCode).not.toBe(0);
    expect(configure.stderr).toMatch(/dependency problems/);
    expect((await inside('dpkg --audit')).stdout).toMatch(/libpam-modules/);
  });

  it('is finished by the next plain upgrade, reported as its own step, with nothing pending and dpkg clean', async () => {
    const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'cut']);
    expect(result.stderr).not.toMatch(/fix-broken/);
    expect(result.exitCode).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({ type: 'step', chroot: 'cut', step: 'dpkg-recover', state: 'done' }));
    expect(events).toContainEqual(expect.objectContaining({
      type: 'log', level: 'warning', chroot: 'cut', message: expect.stringMatching(/^an interrupted update was finished: dpkg --configure -a could not finish .*; apt-get -f install repaired the rest$/),
    }));
    expect(lastEvent(result.stdout)).toMatchObject({ type: 'result', command: 'upgrade' });
    const audit = await inside('dpkg --audit');
    expect(audit).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await pendingUpdates(common(), 'cut')).toBe(0);
  });
});

describe('an upgrade killed in the middle of an unpack, with another package waiting for its dependencies', () => {
  beforeAll(async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'torn'));
    const waiting = await inside('apt-get -q -d -y dist-upgrade >/dev/null && dpkg --unpack --force-depends /var/cache/apt/archives/libpam-modules_*.deb', 'torn');
    expect(waiting.exitCode).toBe(0);
    // What dpkg records when it is SIGKILLed while unpacking a package: half-installed, and a
    // reinstall required before anything may configure it.
    const status = path.join(root, 'var/lib/dpkg/status');
    const text = await readFile(status, 'utf8');
    const torn = text.replace(/^(Package: perl-base\n(?:.+\n)*?)Status: install ok installed$/m, '$1Status: install reinstreq half-installed');
    expect(torn).not.toBe(text);
    await writeFile(status, torn);
  });

  it('is a state that apt-get -f install alone does not finish', async () => {
    const fix = await inside('apt-get -q -y -f install', 'torn');
    expect(fix.exitCode).not.toBe(0);
    expect((await inside('dpkg --audit', 'torn')).stdout).toMatch(/perl-base/);
  });

  it('is finished by the next plain upgrade, which unpacks the torn package again', async () => {
    const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'torn']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({
      type: 'log', level: 'warning', chroot: 'torn', message: expect.stringMatching(/^an interrupted update was finished: unpacked perl-base again; /),
    }));
    expect(await inside('dpkg --audit', 'torn')).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await pendingUpdates(common(), 'torn')).toBe(0);
  });
});

describe('an upgrade killed while it unpacked apt itself', () => {
  beforeAll(async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'no-method'));
    // The cut run had fetched its .debs into the shared cache: the new libpam-modules is there, the
    // installed version dpkg still records never was.
    const fetched = await ltspChroot(['exec', ...common(), '--network', '--mount-package-cache', 'no-method', '--', 'apt-get', '-q', '-d', '-y', 'dist-upgrade']);
    expect(fetched.exitCode, fetched.stderr).toBe(0);
    const status = path.join(root, 'var/lib/dpkg/status');
    const text = await readFile(status, 'utf8');
    const torn = text.replace(/^(Package: libpam-modules\n(?:.+\n)*?)Status: install ok installed$/m, '$1Status: install reinstreq half-installed');
    expect(torn).not.toBe(text);
    await writeFile(status, torn);
    // A torn apt whose methods no longer run: nothing can be fetched.
    await writeFile(path.join(root, 'usr/lib/apt/methods/http'), '#!/bin/sh\nexit 100\n', { mode: 0o755 });
  });

  it('unpacks the torn package again from the .deb the cut run fetched, with no download', async () => {
    const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'no-method']);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events, result.stderr).toContainEqual(expect.objectContaining({ type: 'step', chroot: 'no-method', step: 'dpkg-recover', state: 'done' }));
    expect(events).toContainEqual(expect.objectContaining({
      type: 'log', level: 'warning', chroot: 'no-method', message: expect.stringMatching(/^an interrupted update was finished: unpacked libpam-modules(:amd64)? again; /),
    }));
    expect(await inside('dpkg --audit', 'no-method')).toMatchObject({ exitCode: 0, stdout: '' });
  });
});

describe('an upgrade killed after apt removed a package that others still depend on', () => {
  beforeAll(async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'removed'));
    // apt removes with --force-depends when a replacement is to follow; the kill came before it.
    const removed = await inside('dpkg --remove --force-depends libsemanage-common', 'removed');
    expect(removed.exitCode, removed.stderr).toBe(0);
  });

  it('is a state dpkg calls clean and apt refuses to plan from', async () => {
    expect(await inside('dpkg --audit', 'removed')).toMatchObject({ exitCode: 0, stdout: '' });
    const upgrade = await inside('apt-get -q -s upgrade', 'removed');
    expect(upgrade.exitCode).not.toBe(0);
    expect(upgrade.stderr).toMatch(/Unmet dependencies/);
  });

  it('is finished by the next plain upgrade, which lets apt put the missing dependency back', async () => {
    const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'removed']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({
      type: 'log', level: 'warning', chroot: 'removed', message: expect.stringMatching(/^an interrupted update was finished: .*apt found dependencies missing .*; apt-get -f install repaired the rest$/),
    }));
    expect((await inside('dpkg-query -W -f \'${db:Status-Abbrev}\' libsemanage-common', 'removed')).stdout).toBe('ii ');
    expect((await inside('apt-get -q check', 'removed')).exitCode).toBe(0);
    expect(await pendingUpdates(common(), 'removed')).toBe(0);
  });
});
