// Finds a chroot's architecture without executing anything inside it.
import { dpkgNativeArch } from './dpkg-status.js';
import { elfIdentity, readHeader } from './elf.js';
import { resolveInsideRoot } from '../fs/inside-root.js';

export interface ChrootArch {
  arch: string | undefined;
  /** Where the answer came from. */
  source: 'dpkg-status' | 'elf' | 'none';
  /** The first bytes of the chroot's /bin/sh, matched against binfmt_misc. */
  shellHeader: Buffer | undefined;
}

/** dpkg's status first (what apt will install), the ELF header of /bin/sh's target when there is none. */
export async function chrootArch(root: string): Promise<ChrootArch> {
  const shell = await resolveInsideRoot(root, '/bin/sh');
  const shellHeader = shell === undefined ? undefined : await readHeader(shell);
  const fromDpkg = await dpkgNativeArch(root);
  if (fromDpkg) return { arch: fromDpkg, source: 'dpkg-status', shellHeader };
  const elf = shellHeader && elfIdentity(shellHeader);
  if (elf?.arch) return { arch: elf.arch, source: 'elf', shellHeader };
  return { arch: undefined, source: 'none', shellHeader };
}
