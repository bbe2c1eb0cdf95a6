// The fingerprint of what apt reads: it changes with what a new plan would depend on, and with
// nothing else, and it never looks through a link out of the chroot.
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aptInputs, maxFolderEntries } from '../../src/apt/apt-inputs.js';

let root: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'apt-inputs-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'apt-inputs-host-'));
  for (const dir of ['var/lib/dpkg', 'var/lib/apt/lists', 'etc/apt/apt.conf.d', 'etc/apt/sources.list.d', 'var/cache/apt/archives']) await mkdir(path.join(root, dir), { recursive: true });
  await writeFile(path.join(root, 'var/lib/dpkg/status'), 'Package: apt\n');
  await writeFile(path.join(root, 'var/lib/apt/lists/deb_dists_bookworm_main_binary-amd64_Packages'), 'Package: apt\n');
  await writeFile(path.join(root, 'etc/apt/sources.list'), 'deb http://mirror/debian bookworm main\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const now = () => aptInputs(root, [], ['engine 1']);

describe('aptInputs', () => {
  it('is the same while nothing apt reads changes, whatever a session did to a folder of snippets', async () => {
    const first = now();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    // A session adds a snippet and takes it away again: the folder's own times move, its entries do not.
    await writeFile(path.join(root, 'etc/apt/apt.conf.d/99session'), 'x');
    await rm(path.join(root, 'etc/apt/apt.conf.d/99session'));
    expect(now()).toBe(first);
    // Something else the engine's answer depends on does change it.
    expect(aptInputs(root, [], ['engine 2'])).not.toBe(first);
  });

  it.each([
    ['new package lists', 'var/lib/apt/lists/deb_dists_bookworm-security_main_binary-amd64_Packages'],
    ['a package installed (dpkg status)', 'var/lib/dpkg/status'],
    ['a source added', 'etc/apt/sources.list.d/backports.list'],
    ['a setting added', 'etc/apt/apt.conf.d/50pin'],
    ['a .deb downloaded', 'var/cache/apt/archives/apt_2.6.2_amd64.deb'],
  ])('changes with %s', async (_what, file) => {
    const before = now();
    await writeFile(path.join(root, file), 'changed\n');
    expect(now()).not.toBe(before);
  });

  it('changes with a file rewritten to the same size, by its time', async () => {
    const before = now();
    const status = path.join(root, 'var/lib/dpkg/status');
    await writeFile(status, 'Package: aps\n');
    await utimes(status, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(now()).not.toBe(before);
  });

  it('counts the host package cache, which decides what is left to download', async () => {
    const before = aptInputs(root, [outside], []);
    await writeFile(path.join(outside, 'apt_2.6.2_amd64.deb'), 'deb');
    expect(aptInputs(root, [outside], [])).not.toBe(before);
  });

  it('never follows a link out of the chroot: a host file behind one is not looked at', async () => {
    await writeFile(path.join(outside, 'sources.list'), 'host\n');
    await rm(path.join(root, 'etc/apt/sources.list'));
    await symlink(path.join(outside, 'sources.list'), path.join(root, 'etc/apt/sources.list'));
    const before = now();
    // The link's target, as the chroot sees it, is <root><outside>/sources.list: not there.
    await writeFile(path.join(outside, 'sources.list'), 'host, changed a lot\n');
    expect(now()).toBe(before);
  });

  it('gives up (plan anew) on a folder too big to list at every check', async () => {
    const lists = path.join(root, 'var/lib/apt/lists');
    for (let batch = 0; batch <= maxFolderEntries; batch += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, i) => writeFile(path.join(lists, `f${batch + i}`), '')));
    }
    expect(now()).toBeUndefined();
  }, 60_000);
});
