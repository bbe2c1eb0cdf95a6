// Decides whether and how this host can run a chroot of a given architecture.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { binfmtMatches, type BinfmtState } from './binfmt.js';

export type Verdict = 'native' | 'compatible' | 'emulated' | 'unsupported';

export interface HostVerdict {
  verdict: Verdict;
  reason: string;
  /** For `compatible`: the setarch personality to run the chroot under. */
  personality?: string;
  /** For `emulated`: the interpreter binfmt_misc hands the chroot's binaries to. */
  interpreter?: string;
}

// 32-bit architectures a 64-bit kernel runs natively under the linux32 personality
// (IA32 emulation on amd64, AArch32 on arm64).
const compatibleWith: Record<string, readonly string[]> = {
  amd64: ['i386'],
  arm64: ['armhf', 'armel'],
  ppc64el: [],
  s390x: [],
};

/**
 * The verdict for a chroot at `root` of architecture `arch`. `header` gives the first bytes
 * of its shell; it is read only when binfmt_misc has to be asked.
 */
export async function hostVerdict(
  hostArch: string,
  root: string,
  arch: string | undefined,
  header: () => Buffer | undefined,
  binfmt: BinfmtState,
): Promise<HostVerdict> {
  if (arch === undefined) {
    return { verdict: 'unsupported', reason: 'its architecture is unknown: no dpkg status and no readable /bin/sh' };
  }
  if (arch === hostArch) return { verdict: 'native', reason: `runs natively on this ${hostArch} host` };
  if (compatibleWith[hostArch]?.includes(arch)) {
    return {
      verdict: 'compatible',
      reason: `runs under the 32-bit personality of this ${hostArch} host`,
      personality: 'linux32',
    };
  }
  if (!binfmt.available) {
    return {
      verdict: 'unsupported',
      reason: `no emulator for ${arch} on this ${hostArch} host: binfmt_misc is not available (install qemu-user-static and binfmt-support)`,
    };
  }
  const bytes = header();
  const matching = bytes === undefined ? [] : binfmt.entries.filter((entry) => entry.enabled && binfmtMatches(entry, bytes));
  if (matching.length === 0) {
    return {
      verdict: 'unsupported',
      reason: `no emulator for ${arch} on this ${hostArch} host: none is registered with binfmt_misc (install qemu-user-static)`,
    };
  }
  for (const entry of matching) {
    // With the F flag the kernel opened the interpreter at registration; otherwise it must exist inside the chroot.
    if (entry.flags.includes('F') || (await isExecutable(path.join(root, entry.interpreter)))) {
      return { verdict: 'emulated', reason: `runs through ${path.basename(entry.interpreter)} (binfmt_misc ${entry.name})`, interpreter: entry.interpreter };
    }
  }
  const first = matching[0] as (typeof matching)[number];
  return {
    verdict: 'unsupported',
    reason: `${arch} is registered with binfmt_misc (${first.name}) but ${first.interpreter} is neither preloaded (F flag) nor inside the chroot`,
  };
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
