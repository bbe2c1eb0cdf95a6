// Decides whether and how this host can run a chroot of a given architecture.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { binfmtMatches, type BinfmtState } from './binfmt.js';
import { qemuName } from './emulator.js';
import { _, _f } from '../text/i18n.js';
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
    return { verdict: 'unsupported', reason: _('its architecture is unknown: no dpkg status and no readable /bin/sh') };
  }
  if (arch === host.arch) return { verdict: 'native', reason: _f('runs natively on this {arch} host', { arch: host.arch }) };
  // binfmt_misc is asked before the kernel's own ELF loader: a matching entry decides, even for i386 on amd64.
  const bytes = host.binfmt.state === 'enabled' ? header() : undefined;
  const matching = bytes === undefined ? [] : host.binfmt.entries.filter((entry) => entry.enabled && binfmtMatches(entry, bytes));
  for (const entry of matching) {
    // With the F flag the kernel opened the interpreter at registration; otherwise it must exist inside the chroot.
    if (entry.flags.includes('F') || isExecutable(path.join(root, entry.interpreter))) {
      return { verdict: 'emulated', reason: _f('runs through {interpreter} (binfmt_misc {entry})', { interpreter: path.basename(entry.interpreter), entry: entry.name }), interpreter: entry.interpreter };
    }
  }
  const first = matching[0];
  if (first !== undefined) {
    return {
      verdict: 'unsupported',
      reason: _f('{arch} is registered with binfmt_misc ({entry}) but {interpreter} is neither preloaded (F flag) nor inside the chroot: re-register it with the F flag', { arch, entry: first.name, interpreter: first.interpreter }),
    };
  }
  const family = compatFamilyOf[host.arch];
  if (family !== undefined && familyArchs[family].includes(arch)) {
    const compat = await host.kernelCompat(family);
    if (compat.runs) return { verdict: 'compatible', reason: _f('runs under the 32-bit personality of this {arch} host', { arch: host.arch }), personality: 'linux32' };
    return { verdict: 'unsupported', reason: _f('{refusal}; or {advice}', { refusal: kernelRefusal(host.arch, family, compat), advice: emulatorAdvice(host, arch) }) };
  }
  return { verdict: 'unsupported', reason: _f('no emulator for {arch} on this {hostArch} host: {advice}', { arch, hostArch: host.arch, advice: emulatorAdvice(host, arch) }) };
}

function kernelRefusal(hostArch: string, family: CompatFamily, compat: KernelCompat): string {
  const values = { arch: hostArch, detail: compat.detail };
  return family === 'i386'
    ? _f('this {arch} kernel cannot run 32-bit x86 programs (a test program got: {detail}); IA32 emulation is not built in or is switched off: boot it with ia32_emulation=1', values)
    : _f('this {arch} kernel cannot run 32-bit ARM programs (a test program got: {detail}); this CPU or kernel has no AArch32 support', values);
}

// Each missing piece of qemu emulation has its own fix: the emulator, binfmt_misc, or the registration.
function emulatorAdvice(host: HostFacts, arch: string): string {
  const qemu = qemuName(arch);
  if (qemu === undefined) return _f('qemu has no emulator for {arch}', { arch });
  const emulator = host.emulatorFor(arch);
  if (emulator === undefined) return _f('no {arch} emulator is installed: apt-get install qemu-user-static binfmt-support', { arch });
  if (host.binfmt.state === 'unmounted') {
    return _f('binfmt_misc is not mounted, so {emulator} is never used: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc and register it (binfmt-support does both)', { emulator: path.basename(emulator) });
  }
  if (host.binfmt.state === 'disabled') return _('binfmt_misc is switched off: echo 1 > /proc/sys/fs/binfmt_misc/status');
  return _f('{emulator} is installed but not registered with binfmt_misc for {arch}: register it with the F flag (update-binfmts --enable qemu-{qemu}, or a file in /etc/binfmt.d)', { emulator: path.basename(emulator), arch, qemu });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
