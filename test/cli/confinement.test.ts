// Programs of a hostile chroot, run by refresh, upgrade and exec, stay in the chroot: the chroot(2)
// escape and /proc/1/root lead back to the chroot, the network is cut where apt does not need it,
// device nodes of the tree do not open, and the kernel's own maintainer scripts still work.
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { localRepoChroot } from '../helpers/local-repo.js';
import { reducedForm } from '../helpers/reduced-form.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('confinement');
const mark = `ltsp-confinement-test-${process.pid}`;
let hostile: string;
let kernel: string;

// What a hostile program tries, reported to /var/log/escape-report inside the chroot. The perl line
// is the classic escape: chroot(2) into a subfolder, then ".." past the old root, then chroot(".").
const escapeScript = `#!/bin/sh
report=/var/log/escape-report
{
  grep CapBnd /proc/self/status
  if mount -t tmpfs none /mnt 2>/dev/null; then echo mount=yes; umount /mnt; else echo mount=no; fi
  if test -w /proc/sys/kernel/core_pattern; then echo core_pattern=writable; else echo core_pattern=read-only; fi
  if test -w /sys/kernel; then echo sys=writable; else echo sys=read-only; fi
  echo "pid1=$(tr '\\0' ' ' < /proc/1/cmdline)"
} > $report
touch /proc/1/root/${mark}-proc-root
perl -e 'mkdir "/ltsp-jail"; chroot "/ltsp-jail" or die "chroot: $!"; chdir ".." for 1..64; chroot "." or die "chroot: $!"; open my $f, ">", "/${mark}-escaped" or die "open: $!"; print $f "escaped\\n";'
echo "perl=$?" >> $report
`;

beforeAll(async () => {
  hostile = await localRepoChroot(tree.base, 'hostile', ['--base-dir', tree.base, '--state-dir', tree.state], 'ltsp-test-hostile', escapeScript);
  await writeFile(path.join(hostile, 'usr/local/bin/escape'), escapeScript);
  await chmod(path.join(hostile, 'usr/local/bin/escape'), 0o755);
  kernel = await copyChroot(fixture('bookworm', 'amd64', 'kernel'), path.join(tree.base, 'kernel'));
});

/** What the escape script reported, and proof that its files landed inside the chroot, not on the host. */
async function expectConfined(root: string): Promise<void> {
  const report = await readFile(path.join(root, 'var/log/escape-report'), 'utf8');
  const bounding = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(report)?.[1] ?? 'ffffffffff'}`);
  // CAP_NET_ADMIN 12, CAP_SYS_MODULE 16, CAP_SYS_RAWIO 17, CAP_SYS_PTRACE 19, CAP_SYS_ADMIN 21, CAP_SYS_BOOT 22, CAP_MKNOD 27.
  for (const bit of [12n, 16n, 17n, 19n, 21n, 22n, 27n]) expect(bounding & (1n << bit), `capability ${bit} is in the bounding set`).toBe(0n);
  expect(report).toContain('mount=no');
  expect(report).toContain('core_pattern=read-only');
  expect(report).toContain('sys=read-only');
  // Its PID 1 is nspawn's stub init, not the host's init.
  expect(report).toMatch(/^pid1=\(sd-stubinit\)/m);
  // The escape "worked" from the inside: it ended at the root of its mount namespace, the chroot.
  expect(report).toContain('perl=0');
  await expect(stat(`/${mark}-escaped`)).rejects.toThrow();
  await expect(stat(`/${mark}-proc-root`)).rejects.toThrow();
  expect(await readFile(path.join(root, `${mark}-escaped`), 'utf8')).toBe('escaped\n');
  expect((await stat(path.join(root, `${mark}-proc-root`))).isFile()).toBe(true);
  expect(await mountsUnder(root)).toEqual([]);
}

async function resetReport(root: string): Promise<void> {
  const { rm } = await import('node:fs/promises');
  for (const file of ['var/log/escape-report', `${mark}-escaped`, `${mark}-proc-root`]) await rm(path.join(root, file), { force: true });
}

describe('a hostile chroot', () => {
  it("cannot reach the host from an APT::Update::Pre-Invoke hook during refresh", async () => {
    await resetReport(hostile);
    await writeFile(path.join(hostile, 'etc/apt/apt.conf.d/99hostile'), 'APT::Update::Pre-Invoke { "/usr/local/bin/escape"; };\n');
    const refresh = await ltspChroot(['refresh', '--json', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'hostile']);
    expect(refresh.exitCode, refresh.stderr).toBe(0);
    await expectConfined(hostile);
    const { rm } = await import('node:fs/promises');
    await rm(path.join(hostile, 'etc/apt/apt.conf.d/99hostile'));
  });

  it("cannot reach the host from a package's postinst during upgrade", async () => {
    await resetReport(hostile);
    const upgrade = await ltspChroot(['upgrade', '--json', '--yes', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'hostile']);
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    expect((lastEvent(upgrade.stdout) as { chroots: { upgraded: string[] }[] }).chroots[0]?.upgraded).toEqual(['ltsp-test-hostile']);
    await expectConfined(hostile);
  });

  it('cannot reach the host from a command run with exec', async () => {
    await resetReport(hostile);
    const exec = await ltspChroot(['exec', '--base-dir', tree.base, '--state-dir', tree.state, 'hostile', '--', '/usr/local/bin/escape']);
    expect(exec.exitCode, exec.stderr).toBe(0);
    await expectConfined(hostile);
  });

  it("cannot open a device node its tree holds: the host's disk stays out of reach", async () => {
    const disk = await hostDisk();
    if (disk === undefined) {
      reducedForm('this host has no block device to point a node at');
      return;
    }
    // A node for the host's disk, as a copied or restored tree could hold one. Opening it only
    // to read: harmless if confinement failed, and the test would then fail.
    await execa('mknod', [path.join(hostile, 'root/disk'), 'b', ...disk.split(':')]);
    const exec = await ltspChroot(['exec', '--base-dir', tree.base, '--state-dir', tree.state, 'hostile', '--', 'head', '-c', '16', '/root/disk']);
    expect(exec.exitCode).not.toBe(0);
    expect(exec.stderr).toMatch(/Operation not permitted/);
    // Its own minimal /dev works.
    const own = await ltspChroot(['exec', '--base-dir', tree.base, '--state-dir', tree.state, 'hostile', '--', 'head', '-c', '4', '/dev/zero']);
    expect(own.exitCode).toBe(0);
    expect(own.stdout).toBe('\0\0\0\0');
  });
});

/** MAJOR:MINOR of the host's first disk (not a loop or RAM device), from /sys/block. */
async function hostDisk(): Promise<string | undefined> {
  const { readdir } = await import('node:fs/promises');
  for (const name of (await readdir('/sys/block')).sort()) {
    if (/^(loop|ram|zram)/.test(name)) continue;
    const numbers = (await readFile(`/sys/block/${name}/dev`, 'utf8').catch(() => '')).trim();
    if (/^\d+:\d+$/.test(numbers)) return numbers;
  }
  return undefined;
}

describe('the network', () => {
  const interfaces = (text: string) => text.split('\n').slice(2).map((line) => line.split(':')[0]?.trim()).filter(Boolean).sort();

  it('is cut for exec unless asked for, and is the host network with --network', async () => {
    const common = ['exec', '--base-dir', tree.base, '--state-dir', tree.state];
    const cut = await ltspChroot([...common, 'hostile', '--', 'cat', '/proc/net/dev']);
    expect(interfaces(cut.stdout)).toEqual(['lo']);
    const shared = await ltspChroot([...common, '--network', 'hostile', '--', 'cat', '/proc/net/dev']);
    expect(interfaces(shared.stdout)).toEqual(interfaces(await readFile('/proc/net/dev', 'utf8')));
  });
});

describe("a kernel's maintainer scripts", () => {
  it('still build an initrd confined: linux-image reconfigured runs update-initramfs', async () => {
    const boot = path.join(kernel, 'boot');
    const { readdir } = await import('node:fs/promises');
    const initrd = (await readdir(boot)).find((name) => name.startsWith('initrd.img-')) as string;
    const before = (await stat(path.join(boot, initrd))).mtimeMs;
    const exec = await ltspChroot(['exec', '--base-dir', tree.base, '--state-dir', tree.state, 'kernel', '--', 'sh', '-c',
      `dpkg-reconfigure -fnoninteractive linux-image-${initrd.slice('initrd.img-'.length)}`]);
    expect(exec.exitCode, exec.stderr).toBe(0);
    expect(`${exec.stdout}${exec.stderr}`).toMatch(/update-initramfs: Generating \/boot\/initrd\.img-/);
    expect((await stat(path.join(boot, initrd))).mtimeMs).toBeGreaterThan(before);
    expect(await mountsUnder(kernel)).toEqual([]);
  });
});
