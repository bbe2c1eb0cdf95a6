// Where a chroot's downloaded .debs are kept on the host, shared between chroots of one kind.
// Its own module: a check that answers from the status cache needs these paths (they are among
// apt's inputs) but nothing of a session.
import path from 'node:path';

/** What the cache's name is made of: the chroot's distribution and architecture (null: unknown). */
export interface PackageCacheKey {
  distribution: string | null;
  arch: string | null;
}

/**
 * The host package cache shared by every chroot of the same distribution and architecture. Not of
 * the same release: a release upgrade cut short is resumed by a run that may find the chroot's
 * os-release already at the new release, and it must see the .debs the cut run fetched (apt takes
 * a cached file only when its name, size and hash are the candidate's, so releases do not mix up).
 * Those names come from the chroot's os-release and dpkg: only a plain word of Debian's kind
 * becomes part of a host path, anything else is "unknown".
 */
export function packageCacheDir(cacheDir: string, chroot: PackageCacheKey): string {
  return path.join(cacheDir, 'archives', `${plainWord(chroot.distribution)}-${plainWord(chroot.arch)}`);
}

/** The host package caches apt may take .debs from for `target`: the shared one of a chroot; none for the server, whose apt keeps its own. */
export function sharedCaches(cacheDir: string, target: PackageCacheKey & { kind: 'server' | 'chroot' }): string[] {
  return target.kind === 'server' ? [] : [packageCacheDir(cacheDir, target)];
}

function plainWord(value: string | null): string {
  return value !== null && /^[a-z0-9][a-z0-9.+_]{0,63}$/.test(value) ? value : 'unknown';
}
