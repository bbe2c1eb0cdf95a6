import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leadsOutside, openInsideRoot, readInsideRoot, regularFileInside, resolveInsideRoot, unsafeInsidePath, writeInsideRoot } from '../../src/fs/inside-root.js';

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

describe('the path layer for files', () => {
  let tree: string;
  beforeAll(async () => {
    const { execa } = await import('execa');
    tree = await mkdtemp(path.join(tmpdir(), 'inside-files-'));
    await mkdir(path.join(tree, 'etc/apt/sources.list.d'), { recursive: true });
    await writeFile(path.join(tree, 'etc/os-release'), 'ID=debian\n');
    await execa('mkfifo', [path.join(tree, 'etc/apt/apt.conf')]);
    await execa('mknod', [path.join(tree, 'etc/zero'), 'c', '1', '5']);
    await symlink('/etc/hostname', path.join(tree, 'etc/absolute'));
    await symlink('../../../../../../etc/hostname', path.join(tree, 'etc/climbing'));
    await symlink('os-release', path.join(tree, 'etc/relative'));
    await writeFile(path.join(tree, 'etc/hostname'), 'chroot\n');
  });

  it('reads a regular file, and one reached by a link as the chroot resolves it', () => {
    expect(readInsideRoot(tree, '/etc/os-release', 100)?.toString()).toBe('ID=debian\n');
    expect(readInsideRoot(tree, '/etc/relative', 100)?.toString()).toBe('ID=debian\n');
    // The host's /etc/hostname is never read: both links end at the chroot's.
    expect(readInsideRoot(tree, '/etc/absolute', 100)?.toString()).toBe('chroot\n');
    expect(readInsideRoot(tree, '/etc/climbing', 100)?.toString()).toBe('chroot\n');
  });

  it('never opens a FIFO or a device, so nothing blocks or acts', () => {
    expect(regularFileInside(tree, '/etc/apt/apt.conf')).toBeUndefined();
    expect(readInsideRoot(tree, '/etc/apt/apt.conf', 100)).toBeUndefined();
    expect(readInsideRoot(tree, '/etc/zero', 100)).toBeUndefined();
    expect(openInsideRoot(tree, '/etc')).toBeUndefined();
  });

  it('reads no more than asked, whatever the file says of its size', async () => {
    const { truncate } = await import('node:fs/promises');
    await writeFile(path.join(tree, 'etc/huge'), '');
    await truncate(path.join(tree, 'etc/huge'), 8 * 1024 * 1024 * 1024);
    expect(readInsideRoot(tree, '/etc/huge', 4096)?.length).toBe(4096);
  });

  it('writes by replacing a link, never through it', async () => {
    const { lstat, readFile } = await import('node:fs/promises');
    const outside = path.join(tree, '..', `outside-${process.pid}`);
    await writeFile(outside, 'host data\n');
    await symlink(outside, path.join(tree, 'etc/apt/sources.list.d/planted.list'));
    expect(writeInsideRoot(tree, '/etc/apt/sources.list.d/planted.list', 'deb file:/srv/repo bookworm main\n')).toBeUndefined();
    expect(await readFile(outside, 'utf8')).toBe('host data\n');
    expect((await lstat(path.join(tree, 'etc/apt/sources.list.d/planted.list'))).isFile()).toBe(true);
  });

  it('refuses to write into a folder that is a link', async () => {
    await symlink(tmpdir(), path.join(tree, 'etc/linked'));
    expect(writeInsideRoot(tree, '/etc/linked/file', 'x')).toMatch(/linked is a symlink/);
  });

  it('tells a link that leads the host elsewhere than the chroot', async () => {
    await mkdir(path.join(tree, 'boot'), { recursive: true });
    await writeFile(path.join(tree, 'boot/vmlinuz-1'), 'kernel');
    await symlink('vmlinuz-1', path.join(tree, 'boot/vmlinuz'));
    await symlink('/etc/hostname', path.join(tree, 'boot/vmlinuz-9'));
    expect(leadsOutside(tree, '/boot/vmlinuz')).toBe(false);
    expect(leadsOutside(tree, '/boot/vmlinuz-1')).toBe(false);
    expect(leadsOutside(tree, '/boot/vmlinuz-9')).toBe(true);
  });
});
