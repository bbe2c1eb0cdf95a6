// Decides whether and how this host can run a chroot of a given architecture.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { binfmtMatches, type BinfmtState } from './binfmt.js';
import { qemuName } from './emulator.js';
import type { KernelCompat } from './kernel-compat.js';
import { compatFamilyOf, familyArchs, type CompatFamily } from './probe-program.js';

export type Verdict = 'native' | 'compatible' | 'emulated' | 'unsupported';

export interface HostVerdict {
  verdict: Verdict;
  reason: string;
  /** For `compatible`: the setarch personality to run the chroot under. */
  personality?: string;
  /** For `emulated`: the interpreter binfmt_misc hands the chroot's binaries to. */
  interpreter?: string;
}

/** What the verdict is made of: everything the host itself says, each read only when needed. */
export interface HostFacts {
  arch: string;
  binfmt: BinfmtState;
  /** Whether the kernel runs a 32-bit program of `family` (the engine's own test program, run once a boot). */
  kernelCompat: (family: CompatFamily) => Promise<KernelCompat>;
  /** The installed qemu user-mode emulator for an architecture, if any. */
  emulatorFor: (arch: string) => string | undefined;
}

/**
 * The verdict for a chroot at `root` of architecture `arch`. `header` gives the first bytes
 * of its shell; it is read only when binfmt_misc has to be asked.
 */
export async function hostVerdict(host: HostFacts, root: string, arch: string | undefined, header: () => Buffer | undefined): Promise<HostVerdict> {
  if (arch === undefined) {
    return { verdict: 'unsupported', reason: 'its architecture is unknown: no dpkg status and no readable /bin/sh' };
  }
  if (arch === host.arch) return { verdict: 'native', reason: `runs natively on this ${host.arch} host` };
  // binfmt_misc is asked before the kernel's own ELF loader: a matching entry decides, even for i386 on amd64.
  const bytes = host.binfmt.state === 'enabled' ? header() : undefined;
  const matching = bytes === undefined ? [] : host.binfmt.entries.filter((entry) => entry.enabled && binfmtMatches(entry, bytes));
  for (const entry of matching) {
    // With the F flag the kernel opened the interpreter at registration; otherwise it must exist inside the chroot.
    if (entry.flags.includes('F') || isExecutable(path.join(root, entry.interpreter))) {
      return { verdict: 'emulated', reason: `runs through ${path.basename(entry.interpreter)} (binfmt_misc ${entry.name})`, interpreter: entry.interpreter };
    }
  }
  const first = matching[0];
  if (first !== undefined) {
    return {
      verdict: 'unsupported',
      reason: `${arch} is registered with binfmt_misc (${first.name}) but ${first.interpreter} is neither preloaded (F flag) nor inside the chroot: re-register it with the F flag`,
    };
  }
  const family = compatFamilyOf[host.arch];
  if (family !== undefined && familyArchs[family].includes(arch)) {
    const compat = await host.kernelCompat(family);
    if (compat.runs) return { verdict: 'compatible', reason: `runs under the 32-bit personality of this ${host.arch} host`, personality: 'linux32' };
    return { verdict: 'unsupported', reason: `${kernelRefusal(host.arch, family, compat)}; or ${emulatorAdvice(host, arch)}` };
  }
  return { verdict: 'unsupported', reason: `no emulator for ${arch} on this ${host.arch} host: ${emulatorAdvice(host, arch)}` };
}

function kernelRefusal(hostArch: string, family: CompatFamily, compat: KernelCompat): string {
  const what = family === 'i386'
    ? 'IA32 emulation is not built in or is switched off: boot it with ia32_emulation=1'
    : 'this CPU or kernel has no AArch32 support';
  return `this ${hostArch} kernel cannot run 32-bit ${family === 'i386' ? 'x86' : 'ARM'} programs (a test program got: ${compat.detail}); ${what}`;
}

// Each missing piece of qemu emulation has its own fix: the emulator, binfmt_misc, or the registration.
function emulatorAdvice(host: HostFacts, arch: string): string {
  const qemu = qemuName(arch);
  if (qemu === undefined) return `qemu has no emulator for ${arch}`;
  const emulator = host.emulatorFor(arch);
  if (emulator === undefined) return `no ${arch} emulator is installed: apt-get install qemu-user-static binfmt-support`;
  if (host.binfmt.state === 'unmounted') {
    return `binfmt_misc is not mounted, so ${path.basename(emulator)} is never used: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc and register it (binfmt-support does both)`;
  }
  if (host.binfmt.state === 'disabled') return 'binfmt_misc is switched off: echo 1 > /proc/sys/fs/binfmt_misc/status';
  return `${path.basename(emulator)} is installed but not registered with binfmt_misc for ${arch}: register it with the F flag (update-binfmts --enable qemu-${qemu}, or a file in /etc/binfmt.d)`;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
