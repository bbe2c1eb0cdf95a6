// Packages on hold, read from dpkg's own database (what `apt-mark showhold` prints), without starting apt.
import { maxDpkgStatusBytes } from '../arch/dpkg-status.js';
import { readInsideRoot } from '../fs/inside-root.js';

/** Names of the packages whose dpkg selection is "hold" in the chroot at `root`, read through the path layer. */
export function heldPackages(root: string): string[] {
  const status = readInsideRoot(root, '/var/lib/dpkg/status', maxDpkgStatusBytes);
  return status === undefined ? [] : parseHolds(status.toString('latin1'));
}

/** Parse dpkg status text: "Status: hold ok installed" marks a hold. */
export function parseHolds(status: string): string[] {
  const held: string[] = [];
  for (const stanza of status.split(/\n\n+/)) {
    if (!/^Status: hold /m.test(stanza)) continue;
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    const arch = /^Architecture: (\S+)$/m.exec(stanza)?.[1];
    const multiArch = /^Multi-Arch: same$/m.test(stanza);
    if (name) held.push(multiArch && arch ? `${name}:${arch}` : name);
  }
  return held.sort();
}
