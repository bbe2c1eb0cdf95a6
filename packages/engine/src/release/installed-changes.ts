// What a release upgrade changed: the installed packages before and after, compared by version.
import { packageStates } from '../apt/package-states.js';
import type { Session } from '../session/session.js';

/** Installed package → version, from dpkg's package states. */
export async function installedVersions(session: Session): Promise<Map<string, string>> {
  const installed = (await packageStates(session)).filter((entry) => entry.status.startsWith('ii'));
  return new Map(installed.map((entry) => [entry.name, entry.version]));
}

/** The packages upgraded, newly installed and removed between `before` and `after`. */
export function diffInstalled(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): { upgraded: string[]; installed: string[]; removed: string[] } {
  const upgraded: string[] = [];
  const installed: string[] = [];
  for (const [pkg, version] of after) {
    const old = before.get(pkg);
    if (old === undefined) installed.push(pkg);
    else if (old !== version) upgraded.push(pkg);
  }
  const removed = [...before.keys()].filter((pkg) => !after.has(pkg));
  return { upgraded, installed, removed };
}
