// The chroot's newest kernel and how its copy in the TFTP dir compares.
import { statSync } from 'node:fs';
import path from 'node:path';
import { listInsideRoot, regularFileInside } from '../fs/inside-root.js';
import type { KernelInfo, TftpState } from '../protocol/chroot.js';

// Made when two kernels are to be compared: starting ICU's collator costs about 7 ms of CPU.
let collator: Intl.Collator | undefined;

/**
 * The newest boot/vmlinuz-VERSION in the chroot (version order, as `ls -v` sorts), with its initrd.
 * Only regular files count (as Debian's kernel packages install them): a link there could lead
 * the host's tools to a host file (the kernel step refuses to run while one does).
 */
export async function newestKernel(root: string): Promise<KernelInfo | undefined> {
  const names = listInsideRoot(root, '/boot');
  if (names === undefined) return undefined;
  const versions = names.filter((name) => name.startsWith('vmlinuz-')).map((name) => name.slice('vmlinuz-'.length));
  if (versions.length > 1) versions.sort((collator ??= new Intl.Collator('en', { numeric: true })).compare);
  for (const version of versions.reverse()) {
    const vmlinuz = regularFileInside(root, `/boot/vmlinuz-${version}`);
    if (vmlinuz === undefined) continue;
    const initrd = regularFileInside(root, `/boot/initrd.img-${version}`)?.file ?? null;
    return { version, vmlinuz: vmlinuz.file, initrd, mtime: new Date(vmlinuz.mtimeMs).toISOString() };
  }
  return undefined;
}

/** The first of `dirs` that holds `<dir>/ltsp/<name>/vmlinuz`, else the first of them (where it would go). */
export async function tftpDirFor(name: string, dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = path.join(dir, 'ltsp', name);
    try {
      statSync(path.join(candidate, 'vmlinuz'));
      return candidate;
    } catch {
      continue;
    }
  }
  return dirs[0] === undefined ? undefined : path.join(dirs[0], 'ltsp', name);
}

/** Whether the TFTP copy of the kernel is there and no older than the chroot's (time and size; content is compared before acting). */
export async function tftpState(kernel: KernelInfo | undefined, tftpDir: string | undefined): Promise<TftpState> {
  if (kernel === undefined) return 'no-kernel';
  if (tftpDir === undefined) return 'missing';
  let copy;
  try {
    copy = statSync(path.join(tftpDir, 'vmlinuz'));
  } catch {
    return 'missing';
  }
  const original = statSync(kernel.vmlinuz);
  if (copy.mtimeMs < original.mtimeMs) return 'older';
  if (copy.size !== original.size) return 'differs';
  return 'current';
}
