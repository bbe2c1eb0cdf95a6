// The status cache, <state-dir>/status.json: read by anyone, written durably (temp file, fsync,
// rename, fsync of the folder) under a lock, so neither the notifier's file watch nor a crash at
// any byte ever leaves half a file. One that cannot be read anyway is set aside, not lost.
import { closeSync, existsSync, openSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from '../fs/durable-write.js';
import { loadFsExt } from '../fs/fs-ext.js';
import { ensureStateDir } from './state-dir.js';
import { serverFirst } from './status-order.js';
import { statusCacheSchema, statusCacheVersion, type ChrootStatus, type StatusCache } from '../protocol/status.js';

/** Where the cache lives in `stateDir`. */
export function statusCachePath(stateDir: string): string {
  return path.join(stateDir, 'status.json');
}

/** The cache as last written; an empty one when there is none yet, or it does not match the schema. */
export function readStatusCache(stateDir: string): StatusCache {
  return readCache(stateDir).cache;
}

function emptyCache(): StatusCache {
  return { v: statusCacheVersion, updated: new Date(0).toISOString(), chroots: [] };
}

/** The cache, and whether a file was there that could not be read as one. */
function readCache(stateDir: string): { cache: StatusCache; broken: boolean } {
  let text: string;
  try {
    text = readFileSync(statusCachePath(stateDir), 'utf8');
  } catch (error) {
    return { cache: emptyCache(), broken: (error as NodeJS.ErrnoException).code !== 'ENOENT' };
  }
  try {
    const parsed = statusCacheSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { cache: parsed.data, broken: false };
  } catch {
    // Not JSON: broken.
  }
  return { cache: emptyCache(), broken: true };
}

/**
 * Replace the entries of `statuses` (by chroot path) and write the cache; other chroots' entries
 * stay. A cache that cannot be read is renamed aside first, and `warn` says where it went.
 */
export async function writeChrootStatuses(stateDir: string, statuses: readonly ChrootStatus[], warn?: (message: string) => void): Promise<StatusCache> {
  ensureStateDir(stateDir);
  const lockFd = openSync(path.join(stateDir, 'status.lock'), 'a', 0o644);
  try {
    await flock(lockFd, 'ex');
    const { cache, broken } = readCache(stateDir);
    if (broken) {
      const aside = `${statusCachePath(stateDir)}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(statusCachePath(stateDir), aside);
      warn?.(`the status cache could not be read; it was kept as ${aside}, and a new one is written`);
    }
    // A chroot that was removed from the disk is not listed any more.
    const byPath = new Map(cache.chroots.filter((entry) => existsSync(entry.path)).map((entry) => [entry.path, entry]));
    for (const status of statuses) byPath.set(status.path, status);
    const next: StatusCache = {
      v: statusCacheVersion,
      updated: new Date().toISOString(),
      chroots: [...byPath.values()].sort(serverFirst),
    };
    writeFileDurably(statusCachePath(stateDir), `${JSON.stringify(next, null, 2)}\n`);
    return next;
  } finally {
    closeSync(lockFd);
  }
}

function flock(fd: number, flags: 'ex'): Promise<void> {
  return new Promise((resolve, reject) => loadFsExt().flock(fd, flags, (error) => (error ? reject(error) : resolve())));
}
