// Packages on hold, read from dpkg's own database (what `apt-mark showhold` prints), without starting apt.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Names of the packages whose dpkg selection is "hold" in the chroot at `root`. */
export function heldPackages(root: string): string[] {
  let status: string;
  try {
    status = readFileSync(path.join(root, 'var/lib/dpkg/status'), 'latin1');
  } catch {
    return [];
  }
  return parseHolds(status);
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
