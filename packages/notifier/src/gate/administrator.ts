// Whether the session's user may administer this server: only they are told about its updates.
import { readFileSync } from 'node:fs';

export interface Credentials {
  uid: number;
  /** The session's groups (primary and supplementary), as the login gave them. */
  gids: readonly number[];
}

/** The running process's own credentials: the groups its login gave it, as sudo's checks see them. */
export function ownCredentials(): Credentials {
  return { uid: process.getuid?.() ?? -1, gids: [...new Set([process.getgid?.() ?? -1, ...(process.getgroups?.() ?? [])])] };
}

/** Group name → gid from `groupFile` (the files database, where Debian keeps sudo and local groups). */
function groupIds(groupFile: string): Map<string, number> {
  const ids = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(groupFile, 'utf8');
  } catch {
    return ids;
  }
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name && gid !== undefined && /^\d+$/.test(gid)) ids.set(name, Number(gid));
  }
  return ids;
}

/**
 * The group that makes `credentials` an administrator ("root" for uid 0), or undefined. sudo is
 * always one such group (Debian's sudoers gives it every command); `extraGroups` adds others.
 */
export function administratorGroup(credentials: Credentials, extraGroups: readonly string[], groupFile = '/etc/group'): string | undefined {
  if (credentials.uid === 0) return 'root';
  const ids = groupIds(groupFile);
  return ['sudo', ...extraGroups].find((name) => {
    const gid = ids.get(name);
    return gid !== undefined && credentials.gids.includes(gid);
  });
}
