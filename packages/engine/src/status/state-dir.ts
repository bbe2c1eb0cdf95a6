// The state folder (/var/lib/ltsp-update): world-readable, because the windows and the notifier
// run as the logged-in person and read status.json from it; its journals and locks live in
// private subfolders. Every writer makes the folder through here, so whichever comes first
// (a session's journal, a lock, the status cache) cannot leave it private.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

/** Make `stateDir` (readable by anyone) and, when given, its private subfolder `sub`; returns the folder made last. */
export function ensureStateDir(stateDir: string, sub?: string): string {
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  } catch (error) {
    // mkdir says EEXIST (or ENOTDIR for a file higher up) when a file stands where the folder goes.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new EngineError('usage', _f('the state dir {stateDir} is not a folder: point --state-dir (or LTSP_UPDATE_STATE_DIR) at a folder, or move that file away', { stateDir }), { cause: error });
    }
    throw error;
  }
  // A folder left private by an earlier version would hide the status from every window.
  if ((statSync(stateDir).mode & 0o005) !== 0o005) chmodSync(stateDir, 0o755);
  if (sub === undefined) return stateDir;
  const dir = path.join(stateDir, sub);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
