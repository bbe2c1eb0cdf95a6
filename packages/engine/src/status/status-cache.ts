// The status cache, <state-dir>/status.json: read by anyone, written atomically (temp file and
// rename) under a lock, so the notifier's file watch never sees half a file.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { loadFsExt } from '../fs/fs-ext.js';
import { ensureStateDir } from './state-dir.js';
import { statusCacheSchema, type ChrootStatus, type StatusCache } from '../protocol/status.js';

/** Where the cache lives in `stateDir`. */
export function statusCachePath(stateDir: string): string {
  return path.join(stateDir, 'status.json');
}

/** The cache as last written; an empty one when there is none yet, or it does not match the schema. */
export function readStatusCache(stateDir: string): StatusCache {
  try {
    const parsed = statusCacheSchema.safeParse(JSON.parse(readFileSync(statusCachePath(stateDir), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or unreadable: start afresh.
  }
  return { v: 1, updated: new Date(0).toISOString(), chroots: [] };
}

/** Replace the entries of `statuses` (by chroot path) and write the cache; other chroots' entries stay. */
export async function writeChrootStatuses(stateDir: string, statuses: readonly ChrootStatus[]): Promise<StatusCache> {
  ensureStateDir(stateDir);
  const lockFd = openSync(path.join(stateDir, 'status.lock'), 'a', 0o644);
  try {
    await flock(lockFd, 'ex');
    const cache = readStatusCache(stateDir);
    // A chroot that was removed from the disk is not listed any more.
    const byPath = new Map(cache.chroots.filter((entry) => existsSync(entry.path)).map((entry) => [entry.path, entry]));
    for (const status of statuses) byPath.set(status.path, status);
    const next: StatusCache = {
      v: 1,
      updated: new Date().toISOString(),
      chroots: [...byPath.values()].sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path)),
    };
    writeAtomically(statusCachePath(stateDir), `${JSON.stringify(next, null, 2)}\n`);
    return next;
  } finally {
    closeSync(lockFd);
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

function flock(fd: number, flags: 'ex'): Promise<void> {
  return new Promise((resolve, reject) => loadFsExt().flock(fd, flags, (error) => (error ? reject(error) : resolve())));
}
