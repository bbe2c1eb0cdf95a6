// The chroot's newest kernel and how its copy in the TFTP dir compares.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KernelInfo, TftpState } from '../protocol/chroot.js';

const collator = new Intl.Collator('en', { numeric: true });

/** The newest boot/vmlinuz-VERSION in the chroot (version order, as `ls -v` sorts), with its initrd. */
export async function newestKernel(root: string): Promise<KernelInfo | undefined> {
  const boot = path.join(root, 'boot');
  let names: string[];
  try {
    names = readdirSync(boot);
  } catch {
    return undefined;
  }
  const versions = names.filter((name) => name.startsWith('vmlinuz-')).map((name) => name.slice('vmlinuz-'.length));
  versions.sort(collator.compare);
  const version = versions.at(-1);
  if (version === undefined) return undefined;
  const vmlinuz = path.join(boot, `vmlinuz-${version}`);
  const initrd = names.includes(`initrd.img-${version}`) ? path.join(boot, `initrd.img-${version}`) : null;
  try {
    const info = statSync(vmlinuz);
    return { version, vmlinuz, initrd, mtime: info.mtime.toISOString() };
  } catch {
    return undefined;
  }
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
