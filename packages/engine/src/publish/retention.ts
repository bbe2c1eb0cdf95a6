// Which versions to keep: the newest KEEP_IMAGES (ltsp.conf's [server] section, default 3), and
// always the live one and any that was live in the last day, because clients that booted from it
// may still be reading it over NFS or NBD. A refused version is kept only until a newer one is.
// @LTSP.CONF: KEEP_IMAGES
import { rmSync } from 'node:fs';
import path from 'node:path';
import { listVersions, liveVersion, type ImagePaths, type StoredVersion } from './version-store.js';

const stillReadMs = 24 * 60 * 60 * 1000;

/** The versions retention would remove now, oldest first. */
export function versionsToRemove(versions: readonly StoredVersion[], live: string | undefined, keep: number, now = Date.now()): StoredVersion[] {
  const passed = versions.filter((entry) => entry.meta.refused === null);
  const kept = new Set(passed.slice(-Math.max(1, keep)).map((entry) => entry.meta.version));
  const newestRefused = versions.filter((entry) => entry.meta.refused !== null).at(-1);
  if (newestRefused !== undefined && newestRefused.meta.version > (passed.at(-1)?.meta.version ?? '')) kept.add(newestRefused.meta.version);
  return versions.filter((entry) => {
    const version = entry.meta.version;
    if (version === live || kept.has(version)) return false;
    const until = entry.meta.liveUntil === null ? undefined : Date.parse(entry.meta.liveUntil);
    return !(until !== undefined && now - until < stillReadMs);
  });
}

/** Remove what retention lets go; returns the versions removed. */
export function pruneVersions(paths: ImagePaths, keep: number, now = Date.now()): string[] {
  const removed = versionsToRemove(listVersions(paths), liveVersion(paths), keep, now);
  for (const entry of removed) {
    const version = entry.meta.version;
    // The record goes last: a removal cut short leaves a version that is listed, and removed next time.
    rmSync(path.join(paths.tftpVersionsDir, version), { recursive: true, force: true });
    rmSync(entry.image, { force: true });
    rmSync(path.join(paths.versionsDir, `${version}.json`), { force: true });
  }
  return removed.map((entry) => entry.meta.version);
}
