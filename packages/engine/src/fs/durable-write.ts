// Files the engine keeps on the host (the status cache, the saved sources of a release upgrade)
// are replaced so that a crash at any byte leaves the old file or the new one, never half of one:
// written beside it, synced, renamed over, and the folder synced so the rename itself survives.
import { closeSync, constants, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { naming } from '../errors/known-error.js';

/** Replace `file` with `content` durably (see above). */
export function writeFileDurably(file: string, content: string | Buffer, mode = 0o644): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw naming(error, file);
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

/** fsync a folder, so the names created or renamed in it are on the disk. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
