import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveInsideRoot, unsafeInsidePath } from '../../src/fs/inside-root.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'inside-root-'));
  // A merged-/usr tree as debootstrap makes it: bin -> usr/bin, sh -> dash.
  await mkdir(path.join(root, 'usr/bin'), { recursive: true });
  await writeFile(path.join(root, 'usr/bin/dash'), 'dash');
  await symlink('usr/bin', path.join(root, 'bin'));
  await symlink('dash', path.join(root, 'usr/bin/sh'));
  await symlink('/etc/passwd', path.join(root, 'usr/bin/absolute'));
  await symlink('../../../../../../../../etc/hostname', path.join(root, 'usr/bin/climb'));
  await symlink('loop2', path.join(root, 'usr/bin/loop1'));
  await symlink('loop1', path.join(root, 'usr/bin/loop2'));
  await mkdir(path.join(root, 'proc'));
  await symlink('/proc', path.join(root, 'hostproc'));
});

describe('resolveInsideRoot', () => {
  it('follows relative links', async () => {
    expect(await resolveInsideRoot(root, '/bin/sh')).toBe(path.join(root, 'usr/bin/dash'));
  });

  it('takes absolute link targets relative to the chroot, never the host', async () => {
    expect(await resolveInsideRoot(root, '/usr/bin/absolute')).toBeUndefined();
    await mkdir(path.join(root, 'etc'), { recursive: true });
    await writeFile(path.join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
    expect(await resolveInsideRoot(root, '/usr/bin/absolute')).toBe(path.join(root, 'etc/passwd'));
  });

  it('stops .. at the chroot root', async () => {
    await writeFile(path.join(root, 'etc/hostname'), 'chroot\n');
    expect(await resolveInsideRoot(root, '/usr/bin/climb')).toBe(path.join(root, 'etc/hostname'));
  });

  it('gives up on loops', async () => {
    expect(await resolveInsideRoot(root, '/usr/bin/loop1')).toBeUndefined();
  });
});

describe('unsafeInsidePath', () => {
  it('accepts a real directory', async () => {
    expect(await unsafeInsidePath(root, '/proc')).toBeUndefined();
  });

  it('refuses symlinks anywhere on the way', async () => {
    expect(await unsafeInsidePath(root, '/hostproc')).toMatch(/hostproc is a symlink/);
    expect(await unsafeInsidePath(root, '/bin/sh', true)).toMatch(/bin is a symlink/);
  });

  it('refuses what is missing or not a directory', async () => {
    expect(await unsafeInsidePath(root, '/nothing')).toMatch(/does not exist/);
    expect(await unsafeInsidePath(root, '/usr/bin/dash')).toMatch(/is not a directory/);
    expect(await unsafeInsidePath(root, '/usr/bin/dash', true)).toBeUndefined();
  });
});
