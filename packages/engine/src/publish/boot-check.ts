// The boot check: what a client needs of a new version, proved before it goes live. The image
// mounts (loop, read-only) and holds an init; the kernel that goes to TFTP is one of the image's
// and has its modules there (the newest kernel too); its initrd can mount the image (squashfs and
// overlay, as modules in the initrd or built into the kernel). A classroom finds none of this
// out at boot.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newestKernel } from '../discover/kernels.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { copyRegularFile, listInsideRoot, readInsideRoot, regularFileInside } from '../fs/inside-root.js';
import { sameContent } from '../ltsp/same-content.js';
import { runStreaming } from '../process/run.js';
import { withMountedImage } from './mounted-image.js';
import { maxBootFileBytes } from './version-store.js';
import type { StagedImage } from './stage-image.js';

export interface BootCheck {
  /** The kernel version TFTP serves with this image. */
  kernel: string;
}

// The filesystems LTSP's initrd mounts the image with, and where the kernel keeps their modules.
const neededFilesystems = [
  { name: 'squashfs', module: 'kernel/fs/squashfs/squashfs.ko' },
  { name: 'overlay', module: 'kernel/fs/overlayfs/overlay.ko' },
] as const;

// An initrd lists a few thousand files; a hostile one must not keep the engine reading for ever.
const maxInitrdEntries = 500_000;
const initrdListTimeoutMs = 300_000;

/** Check the staged version; throws `image-refused`, saying what is missing and how to mend it. */
export async function checkBootable(staged: StagedImage, mountPoint: string, chroot: string): Promise<BootCheck> {
  return withMountedImage(staged.image, mountPoint, async (root) => {
    const refuse = (what: string) => new EngineError('image-refused', _f('the new image of {chroot} would not boot: {what}; the live image is untouched (mend the chroot, then ltsp-chroot publish {chroot})', { chroot, what }), { chroot });
    const init = regularFileInside(root, '/sbin/init');
    if (init === undefined || (init.mode & 0o111) === 0) {
      throw refuse('it has no /sbin/init (apt-get install systemd-sysv in the chroot)');
    }
    if (!nonEmptyFile(staged.vmlinuz) || !nonEmptyFile(staged.initrd)) {
      throw refuse('ltsp found no kernel and initrd in it (apt-get install linux-image-<arch> in the chroot)');
    }
    const kernel = await kernelOf(root, staged.vmlinuz);
    if (kernel === undefined) throw refuse('the kernel ltsp picked for TFTP is none of its /boot/vmlinuz-*');
    const newest = (await newestKernel(root))?.version;
    for (const version of new Set([kernel, ...(newest === undefined ? [] : [newest])])) {
      if (regularFileInside(root, `/lib/modules/${version}/modules.dep`) === undefined) {
        throw refuse(`kernel ${version} has no /lib/modules/${version} (apt-get install --reinstall linux-image-${version} in the chroot, or remove that kernel)`);
      }
    }
    const missing = await missingInInitrd(staged.initrd, root, kernel);
    if (missing.length > 0) {
      throw refuse(`the initrd of ${kernel} cannot mount the image: it has no ${missing.join(' and ')} (apt-get install ltsp in the chroot, then update-initramfs -u -k ${kernel})`);
    }
    return { kernel };
  });
}

/** The version of the image's /boot/vmlinuz-VERSION that is byte for byte `vmlinuz`. */
async function kernelOf(root: string, vmlinuz: string): Promise<string | undefined> {
  const names = (listInsideRoot(root, '/boot') ?? []).filter((name) => name.startsWith('vmlinuz-'));
  for (const name of names) {
    const inImage = regularFileInside(root, `/boot/${name}`);
    if (inImage !== undefined && await sameContent(inImage.file, vmlinuz)) return name.slice('vmlinuz-'.length);
  }
  return undefined;
}

/** Which of squashfs and overlay neither the initrd holds as a module of `kernel` nor the kernel has built in. */
async function missingInInitrd(initrd: string, root: string, kernel: string): Promise<string[]> {
  const builtin = (readInsideRoot(root, `/lib/modules/${kernel}/modules.builtin`, 4 * 1024 * 1024)?.toString('utf8') ?? '').split('\n');
  const found = new Set<string>();
  const stop = new AbortController();
  let entries = 0;
  const modulesDir = `lib/modules/${kernel}/`;
  // The initrd comes from the chroot: its decompressors and cpio read it as nobody, never as root,
  // from a copy that user can open (the TFTP folder may be root's alone).
  const scratch = mkdtempSync(path.join(tmpdir(), 'ltsp-update-initrd-'));
  chmodSync(scratch, 0o755);
  const copy = path.join(scratch, 'initrd.img');
  if (!copyRegularFile(initrd, copy, maxBootFileBytes)) {
    rmSync(scratch, { recursive: true, force: true });
    throw new EngineError('image-refused', _f('the initrd ltsp copied is not a regular file of at most {mib} MiB', { mib: maxBootFileBytes / 2 ** 20 }));
  }
  const result = await runStreaming('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--no-new-privs', 'lsinitramfs', copy], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', TMPDIR: '/tmp' },
    signal: AbortSignal.any([stop.signal, AbortSignal.timeout(initrdListTimeoutMs)]),
    onLine: (stream, line) => {
      if (stream !== 'stdout') return;
      if (++entries > maxInitrdEntries) stop.abort();
      const at = line.indexOf(modulesDir);
      if (at < 0) return;
      const module = line.slice(at + modulesDir.length).replace(/\.(xz|zst|gz)$/, '');
      for (const fs of neededFilesystems) if (module === fs.module) found.add(fs.name);
    },
  }).finally(() => rmSync(scratch, { recursive: true, force: true }));
  if (result.exitCode !== 0 && found.size < neededFilesystems.length) {
    throw new EngineError('image-refused', _f('the initrd {initrd} could not be read (lsinitramfs: {said})', { initrd: path.basename(initrd), said: result.stderr.trim().split('\n').at(-1) ?? _f('exit code {code}', { code: String(result.exitCode) }) }));
  }
  return neededFilesystems.filter((fs) => !found.has(fs.name) && !builtin.includes(fs.module)).map((fs) => fs.name);
}

/** A regular file with something in it (the staged kernel is an empty placeholder until ltsp copies one). */
function nonEmptyFile(file: string): boolean {
  const found = regularFileInside(path.dirname(file), `/${path.basename(file)}`);
  return found !== undefined && found.size > 0 && found.size <= maxBootFileBytes;
}
