// Finds the host's qemu user-mode emulator for a Debian architecture, to say what would make a chroot run.
import { accessSync, constants } from 'node:fs';

// qemu's name for each Debian architecture it emulates (qemu-user-static ships /usr/bin/qemu-NAME-static).
const qemuNames: Readonly<Record<string, string>> = {
  amd64: 'x86_64', i386: 'i386', arm64: 'aarch64', armhf: 'arm', armel: 'arm', ppc64el: 'ppc64le', ppc64: 'ppc64',
  s390x: 's390x', riscv64: 'riscv64', mips64el: 'mips64el', mipsel: 'mipsel', loong64: 'loongarch64', alpha: 'alpha',
  hppa: 'hppa', m68k: 'm68k', sh4: 'sh4', sparc64: 'sparc64', x32: 'x86_64',
};

/** qemu's name for `arch`, or undefined when qemu has no user-mode emulator for it. */
export function qemuName(arch: string): string | undefined {
  return qemuNames[arch];
}

/** The installed qemu user-mode emulator for `arch` (qemu-user-static's, else qemu-user's), if any. */
export function installedEmulator(arch: string, binDir = '/usr/bin'): string | undefined {
  const name = qemuNames[arch];
  if (name === undefined) return undefined;
  for (const file of [`${binDir}/qemu-${name}-static`, `${binDir}/qemu-${name}`]) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}
