// The graphical package manager a chroot has, for "Open in Synaptic…": looked up as the chroot
// sees its files (a link that points out of it is nothing), never run to find out.
import { regularFileInside } from '../fs/inside-root.js';

export interface PackageManager {
  /** What the window's button names: "Synaptic". */
  title: string;
  /** The program, as run inside the chroot. */
  command: string;
}

// Debian's and Ubuntu's graphical package managers that manage the system they run in.
const known = [
  { title: 'Synaptic', command: 'synaptic', path: '/usr/sbin/synaptic' },
  { title: 'Muon', command: 'muon', path: '/usr/bin/muon' },
] as const;

/** The chroot's graphical package manager, or null when it has none. */
export function packageManagerOf(root: string): PackageManager | null {
  for (const manager of known) {
    if (regularFileInside(root, manager.path) !== undefined) return { title: manager.title, command: manager.command };
  }
  return null;
}

/** What is said when there is none: how to install one. */
export function installPackageManagerHint(name: string): string {
  return `${name} has no graphical package manager: install Synaptic in it with "ltsp-chroot exec --network ${name} -- apt-get install synaptic"`;
}
