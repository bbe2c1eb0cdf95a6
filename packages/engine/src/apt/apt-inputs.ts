// A fingerprint of what apt reads to plan a chroot's updates: when it is what the last check saw,
// a new check would plan the same, so `check` answers from the status cache without running apt.
// Only what lstat(2) says is taken (inode, size, modification time in nanoseconds), of paths
// resolved the way the chroot sees them: nothing is opened, no link is followed out of the root.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { resolveInsideRoot } from '../fs/inside-root.js';

// apt's own programs, apt's and dpkg's state, the sources and settings, the security rules' input (os-release):
// files, and folders whose every entry counts (a list fetched, a .deb cached, a snippet added).
const files = ['/usr/bin/apt-get', '/usr/bin/apt-cache', '/var/lib/dpkg/status', '/var/lib/apt/extended_states', '/etc/apt/sources.list', '/etc/apt/preferences', '/etc/apt/apt.conf', '/etc/os-release'];
const folders = ['/var/lib/apt/lists', '/etc/apt/sources.list.d', '/etc/apt/apt.conf.d', '/etc/apt/preferences.d', '/var/cache/apt/archives', '/var/lib/dpkg/updates'];
// A folder with more entries than this is not fingerprinted (every check plans anew): a cache
// of that size is not worth listing at every check, and a hostile one cannot make us list forever.
export const maxFolderEntries = 20_000;

const describe = (info: BigIntStats) => `${info.mode.toString(8)} ${info.ino} ${info.size} ${info.mtimeNs} ${info.ctimeNs}`;

function lstatOrNull(file: string): BigIntStats | null {
  try {
    return lstatSync(file, { bigint: true });
  } catch {
    return null;
  }
}

/** The lines of one folder: each entry (not followed: a link is its own entry); false when it cannot be listed. */
function folderLines(dir: string | undefined, label: string, lines: string[]): boolean {
  const info = dir === undefined ? null : lstatOrNull(dir);
  if (dir === undefined || info === null || !info.isDirectory()) {
    lines.push(`${label} -`);
    return true;
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  if (names.length > maxFolderEntries) return false;
  // The folder's own times are left out: a session adds and takes away snippets of its own.
  lines.push(`${label} +`);
  for (const name of names.sort()) {
    const entry = lstatOrNull(path.join(dir, name));
    lines.push(`${label}/${JSON.stringify(name)} ${entry === null ? '-' : describe(entry)}`);
  }
  return true;
}

/**
 * The fingerprint of `root`'s apt inputs, with the host folders `cacheDirs` (the shared package
 * cache, which decides what is left to download) and `extra` (what else the answer depends on:
 * the engine's version, the server's machine id for phasing); undefined when it cannot be told.
 */
export function aptInputs(root: string, cacheDirs: readonly string[], extra: readonly string[]): string | undefined {
  const lines = [...extra];
  for (const inner of files) {
    const file = resolveInsideRoot(root, inner);
    const info = file === undefined ? null : lstatOrNull(file);
    lines.push(`${inner} ${info === null ? '-' : describe(info)}`);
  }
  for (const inner of folders) if (!folderLines(resolveInsideRoot(root, inner), inner, lines)) return undefined;
  for (const dir of cacheDirs) if (!folderLines(dir, `host:${dir}`, lines)) return undefined;
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
