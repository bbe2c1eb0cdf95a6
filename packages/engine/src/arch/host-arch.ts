// The host's own Debian architecture.
import { dpkgNativeArch } from './dpkg-status.js';

const nodeArchToDebian: Record<string, string> = {
  x64: 'amd64', ia32: 'i386', arm64: 'arm64', arm: 'armhf', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64',
};

/** dpkg's native architecture of the host, read the same way as a chroot's; Node's own idea of it when there is no dpkg. */
export async function hostArch(): Promise<string> {
  return (await dpkgNativeArch('/')) ?? nodeArchToDebian[process.arch] ?? process.arch;
}
