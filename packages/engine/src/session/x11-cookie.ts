// The X cookie a graphical program in a chroot gets: the caller's XAUTHORITY file, read the way
// the caller could read it and no further. The engine is root, and under pkexec the path is the
// caller's to choose: a link, a FIFO, /dev/zero or another user's file must not become a read
// as root. So: a regular file, opened without following a final link or blocking, bounded, and
// under pkexec owned by the person who asked.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openRegularFile } from '../fs/inside-root.js';

// An .Xauthority holds a few entries of some hundred bytes each.
const maxCookieBytes = 64 * 1024;

/** The cookie file's bytes, or undefined when it is missing or not one the caller may hand over. */
export function readX11Cookie(file: string, callerUid: number | undefined): Buffer | undefined {
  const fd = openRegularFile(file);
  if (fd === undefined) return undefined;
  try {
    const stats = fstatSync(fd);
    if (callerUid !== undefined && stats.uid !== callerUid) return undefined;
    if (stats.size > maxCookieBytes) return undefined;
    const buffer = Buffer.alloc(Math.min(stats.size, maxCookieBytes));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
