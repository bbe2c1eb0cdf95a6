// Finds a chroot's architecture without executing anything inside it.
import { dpkgNativeArch } from './dpkg-status.js';
import { elfIdentity, headerLength } from './elf.js';
import { readInsideRoot } from '../fs/inside-root.js';

export interface ChrootArch {
  arch: string | undefined;
  /** Where the answer came from. */
  source: 'dpkg-status' | 'elf' | 'none';
}

/** dpkg's status first (what apt will install), the ELF header of /bin/sh's target when there is none. */
export async function chrootArch(root: string): Promise<ChrootArch> {
  const fromDpkg = await dpkgNativeArch(root);
  if (fromDpkg) return { arch: fromDpkg, source: 'dpkg-status' };
  const header = shellHeader(root);
  const elf = header && elfIdentity(header);
  if (elf?.arch) return { arch: elf.arch, source: 'elf' };
  return { arch: undefined, source: 'none' };
}

/** The first bytes of the chroot's /bin/sh (links followed inside the chroot), to match against binfmt_misc. */
export function shellHeader(root: string): Buffer | undefined {
  return readInsideRoot(root, '/bin/sh', headerLength);
}
