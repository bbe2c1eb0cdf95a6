// Every package dpkg knows in a chroot, with the version and three-letter state it records
// (dpkg-query's db:Status-Abbrev: wanted, state, error flag), read once and checked against
// Debian's syntax before any of it is used as an argument or compared.
import type { Session } from '../session/session.js';
import { readInside } from './apt-in-session.js';
import { isPackageName, isVersion } from './debian-syntax.js';

export interface PackageState {
  name: string;
  version: string;
  /** "ii" installed, "iHR" half-installed and to be reinstalled, … */
  status: string;
}

/** The chroot's packages as dpkg records them. */
export async function packageStates(session: Session): Promise<PackageState[]> {
  const text = await readInside(session, ['dpkg-query', '-W', '-f', '${binary:Package} ${Version} ${db:Status-Abbrev}\n']);
  return parsePackageStates(text);
}

/** Parse dpkg-query's lines; one outside Debian's syntax is left out. */
export function parsePackageStates(text: string): PackageState[] {
  const states: PackageState[] = [];
  for (const line of text.split('\n')) {
    const [name, version, status] = line.trim().split(' ');
    if (name && version && status && isPackageName(name) && isVersion(version)) states.push({ name, version, status });
  }
  return states;
}
