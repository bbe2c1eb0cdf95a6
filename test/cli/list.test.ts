// `ltsp-chroot list` against real debootstrapped chroots of three architectures, in both layouts.
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { hostI386, i386FixtureInstalled } from '../helpers/host-probe.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

interface Listed {
  name: string;
  path: string;
  layout: string;
  arch: string | null;
  archSource: string;
  verdict: string;
  verdictReason: string;
  release: string | null;
  distribution: string | null;
  kernel: { version: string } | null;
  tftp: { state: string; dir: string | null };
  image: { path: string } | null;
}

const tree = useScratchTree('list');
let scratch: string;
let modern: string;
let legacy: string;
let tftp: string;

beforeAll(async () => {
  ({ root: scratch, base: modern, legacy, tftp } = tree);
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(modern, 'bookworm'));
  await copyChroot(fixture('bookworm', 'i386', 'minbase'), path.join(modern, 'i386'));
  await copyChroot(fixture('bookworm', 'arm64', 'foreign'), path.join(modern, 'arm64'));
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(legacy, 'amd64'));
  await mkdir(path.join(modern, 'notachroot/docs'), { recursive: true });
  await writeFile(path.join(modern, 'notachroot/readme.txt'), 'not a chroot\n');

  // Two kernels in the modern chroot: 6.1.0-27 is newer than 6.1.0-9 in version order.
  const boot = path.join(modern, 'bookworm/boot');
  await writeFile(path.join(boot, 'vmlinuz-6.1.0-9-amd64'), 'old kernel');
  await writeFile(path.join(boot, 'vmlinuz-6.1.0-27-amd64'), 'new kernel');
  await writeFile(path.join(boot, 'initrd.img-6.1.0-27-amd64'), 'initrd');
  // Its TFTP copy is from before the kernel was installed.
  await mkdir(path.join(tftp, 'ltsp/bookworm'), { recursive: true });
  await writeFile(path.join(tftp, 'ltsp/bookworm/vmlinuz'), 'old kernel');
  const past = new Date(Date.now() - 86_400_000);
  await utimes(path.join(tftp, 'ltsp/bookworm/vmlinuz'), past, past);

  // The modern chroot is served as an image; another image has lost its chroot.
  await mkdir(path.join(modern, 'images'));
  await writeFile(path.join(modern, 'images/bookworm.img'), Buffer.alloc(4096));
  await writeFile(path.join(modern, 'images/retired.img'), Buffer.alloc(1024));
});

async function listJson(...extra: string[]): Promise<{ chroots: Listed[]; orphanImages: { name: string }[] }> {
  const result = await ltspChroot(['list', '--json', '--base-dir', modern, '--base-dir', legacy, '--tftp-dir', tftp, ...extra]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const event = lastEvent(result.stdout);
  expect(event).toMatchObject({ v: 1, type: 'result', command: 'list' });
  return event as unknown as { chroots: Listed[]; orphanImages: { name: string }[] };
}

/** Whether the host has an enabled binfmt_misc entry for arm64 ELF binaries (then arm64 is emulated, not unsupported). */
async function hostEmulatesArm64(): Promise<boolean> {
  const dir = '/proc/sys/fs/binfmt_misc';
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return false;
  }
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    if (text.startsWith('enabled') && text.includes('magic 7f454c460201010000000000000000000200b700')) return true;
  }
  return false;
}

describe('list', () => {
  it('finds every chroot with its layout, release, architecture and verdict, and skips what is not a chroot', async () => {
    const { chroots } = await listJson();
    const byName = Object.fromEntries(chroots.map((chroot) => [`${chroot.layout}:${chroot.name}`, chroot]));
    expect(Object.keys(byName).sort()).toEqual(['legacy:amd64', 'modern:arm64', 'modern:bookworm', 'modern:i386']);

    expect(byName['modern:bookworm']).toMatchObject({ arch: 'amd64', archSource: 'dpkg-status', verdict: 'native', distribution: 'debian', release: 'bookworm' });
    // Where nothing can run i386 programs the fixture is a first stage: its architecture comes from its shell's ELF header.
    expect(byName['modern:i386']).toMatchObject({ arch: 'i386', archSource: i386FixtureInstalled() ? 'dpkg-status' : 'elf', verdict: hostI386(), release: 'bookworm' });
    expect(byName['legacy:amd64']).toMatchObject({ arch: 'amd64', verdict: 'native', path: path.join(legacy, 'amd64') });
    // A first stage has no installed packages: the architecture comes from the ELF header of its shell.
    const arm64 = byName['modern:arm64'] as Listed;
    expect(arm64).toMatchObject({ arch: 'arm64', archSource: 'elf' });
    expect(arm64.verdict).toBe((await hostEmulatesArm64()) ? 'emulated' : 'unsupported');
    expect(arm64.verdictReason).toMatch(/arm64/);
  });

  it('names the newest kernel, says the TFTP copy is older, and ties images to their chroot', async () => {
    const { chroots, orphanImages } = await listJson();
    const bookworm = chroots.find((chroot) => chroot.name === 'bookworm') as Listed;
    expect(bookworm.kernel?.version).toBe('6.1.0-27-amd64');
    expect(bookworm.tftp).toEqual({ dir: path.join(tftp, 'ltsp/bookworm'), state: 'older' });
    expect(bookworm.image?.path).toBe(path.join(modern, 'images/bookworm.img'));
    expect(chroots.find((chroot) => chroot.name === 'i386')?.tftp.state).toBe('no-kernel');
    expect(orphanImages.map((image) => image.name)).toEqual(['retired']);
  });

  it('says when the TFTP copy is missing', async () => {
    const { chroots } = await listJson('--tftp-dir', path.join(scratch, 'empty-tftp'));
    expect(chroots.find((chroot) => chroot.name === 'bookworm')?.tftp.state).toBe('missing');
  });

  it('prints a table with a reason for every chroot that does not run natively', async () => {
    const result = await ltspChroot(['list', '--base-dir', modern, '--base-dir', legacy, '--tftp-dir', tftp]);
    expect(result.exitCode).toBe(0);
    const [header, ...rows] = result.stdout.split('\n');
    expect(header).toMatch(/^NAME\s+LAYOUT\s+RELEASE\s+ARCH\s+HOST\s+KERNEL\s+TFTP COPY\s+IMAGE$/);
    expect(rows.find((row) => row.startsWith('bookworm '))).toMatch(/modern\s+debian bookworm\s+amd64\s+native\s+6\.1\.0-27-amd64\s+older\s+4 kB/);
    expect(result.stdout).toMatch(hostI386() === 'compatible' ? /^i386: runs under the 32-bit personality/m : hostI386() === 'emulated' ? /^i386: runs through / : /^i386: this amd64 kernel cannot run 32-bit x86 programs/m);
    expect(result.stdout).toMatch(/^arm64: /m);
    expect(result.stdout).toContain(path.join(modern, 'images/retired.img'));
  });

  it('accepts --list as an alias', async () => {
    const alias = await ltspChroot(['--list', '--json', '--base-dir', modern]);
    expect(alias.exitCode).toBe(0);
    expect((lastEvent(alias.stdout)['chroots'] as Listed[]).map((chroot) => chroot.name)).toEqual(['arm64', 'bookworm', 'i386']);
  });

  it('reads BASE_DIR and TFTP_DIR from ltsp.conf when no --base-dir is given', async () => {
    const conf = path.join(scratch, 'ltsp.conf');
    await writeFile(conf, `[server]\nBASE_DIR="${legacy}"\nTFTP_DIR=${tftp}\n\n[clients]\nX=1\n`);
    const result = await ltspChroot(['list', '--json'], { env: { LTSP_CONF: conf } });
    expect(result.exitCode).toBe(0);
    const chroots = lastEvent(result.stdout)['chroots'] as Listed[];
    expect(chroots.map((chroot) => chroot.path)).toEqual([path.join(legacy, 'amd64')]);
    // LTSP5's base: the layout is legacy even though the chroot also has proc/.
    expect(chroots[0]?.layout).toBe('legacy');
  });
});

// A real qemu registration, made by the test and removed after it: the chroot then runs
// through emulation, and only when the administrator says --allow-emulated.
describe('an arm64 chroot with qemu registered in binfmt_misc', () => {
  const binfmt = '/proc/sys/fs/binfmt_misc';
  const entry = 'ltsp-update-test-aarch64';
  const qemu = '/usr/bin/qemu-aarch64-static';
  let mountedBinfmt = false;

  beforeAll(async () => {
    const { execa } = await import('execa');
    const status = await readFile(path.join(binfmt, 'status'), 'utf8').catch(() => undefined);
    if (status === undefined) {
      await execa('mount', ['-t', 'binfmt_misc', 'binfmt_misc', binfmt]);
      mountedBinfmt = true;
    }
    const magic = '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00';
    const mask = '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff';
    // F: the kernel opens qemu now, so it need not exist inside the chroot.
    await writeFile(path.join(binfmt, 'register'), `:${entry}:M::${magic}:${mask}:${qemu}:F`);
    // debootstrap's first stage leaves proc as a symlink to the host's /proc, which exec
    // rightly refuses to mount on; its second stage would make it a directory, as we do here.
    await rm(path.join(modern, 'arm64/proc'));
    await mkdir(path.join(modern, 'arm64/proc'));
  });

  afterAll(async () => {
    await writeFile(path.join(binfmt, entry), '-1').catch(() => undefined);
    if (mountedBinfmt) {
      const { execa } = await import('execa');
      await execa('umount', [binfmt]);
    }
  });

  it('is listed as emulated, with the emulator named', async () => {
    const { chroots } = await listJson();
    const arm64 = chroots.find((chroot) => chroot.name === 'arm64') as Listed;
    expect(arm64.verdict).toBe('emulated');
    expect(arm64.verdictReason).toContain('qemu-aarch64-static');
  });

  it('is acted on only with --allow-emulated, and then really runs under qemu', async () => {
    const state = path.join(scratch, 'state-emulated');
    const refused = await ltspChroot(['exec', '--base-dir', modern, '--state-dir', state, 'arm64', '--', '/bin/true']);
    expect(refused.exitCode).toBe(68);
    expect(refused.stderr).toMatch(/^ltsp-chroot: arm64 \(arm64\) would run under emulation; add --allow-emulated/);

    const ran = await ltspChroot(['exec', '--allow-emulated', '--base-dir', modern, '--state-dir', state, 'arm64', '--', 'uname', '-m']);
    expect(ran.stderr).toBe('');
    expect(ran.stdout.trim()).toBe('aarch64');
    expect(ran.exitCode).toBe(0);
  });
});
