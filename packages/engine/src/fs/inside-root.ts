// The one way the engine reaches a path inside a chroot: resolved the way the chroot itself would
// see it, never escaping its root, only regular files opened, reads bounded, writes never through a link.
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { naming } from '../errors/known-error.js';
import { syncFolder } from './durable-write.js';

const maxSymlinks = 40;

/**
 * The host path of `inner` (an absolute path as seen inside `root`), following symlinks
 * as if `root` were `/`: absolute link targets are taken relative to `root` and `..` stops
 * at it. Returns undefined when a component is missing or the links loop.
 */
export function resolveInsideRoot(root: string, inner: string): string | undefined {
  let pending = splitPath(inner);
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = path.join(root, ...resolved, part);
    let info;
    try {
      info = lstatSync(candidate);
    } catch {
      return undefined;
    }
    if (info.isSymbolicLink()) {
      if (++hops > maxSymlinks) return undefined;
      const target = readlinkSync(candidate);
      if (target.startsWith('/')) resolved.length = 0;
      pending = [...splitPath(target), ...pending];
      continue;
    }
    resolved.push(part);
  }
  return path.join(root, ...resolved);
}

/**
 * Why `inner` cannot be used as a mount point or swapped file inside `root`, or undefined
 * when every component below `root` is a real directory (the last one may be
 * `lastMayBeFile`). Symlinks are refused outright, so nothing on the host is ever reached.
 */
export function unsafeInsidePath(root: string, inner: string, lastMayBeFile = false): string | undefined {
  const parts = splitPath(inner);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part === '..' || part === '.') return `${inner} contains "${part}"`;
    const candidate = path.join(root, ...parts.slice(0, i + 1));
    let info;
    try {
      info = lstatSync(candidate);
    } catch {
      return `${candidate} does not exist`;
    }
    const last = i === parts.length - 1;
    if (info.isSymbolicLink()) return `${candidate} is a symlink`;
    if (!info.isDirectory() && !(last && lastMayBeFile && info.isFile())) return `${candidate} is not a directory`;
  }
  return undefined;
}

/** A regular file reached inside the chroot: its host path and what lstat(2) says of it. */
export interface InsideFile {
  file: string;
  size: number;
  mtimeMs: number;
  /** Its permission bits (st_mode & 0o7777). */
  mode: number;
}

/**
 * `inner` when, resolved as the chroot sees it, it is a regular file: never a FIFO, a device, a
 * socket or a folder, so nothing that could block or act when opened is ever opened.
 */
export function regularFileInside(root: string, inner: string): InsideFile | undefined {
  const file = resolveInsideRoot(root, inner);
  if (file === undefined) return undefined;
  try {
    const info = lstatSync(file);
    return info.isFile() ? { file, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode & 0o7777 } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Open the regular file `inner` for reading as the chroot sees it: resolved component by
 * component inside `root`, opened without following a link (O_NOFOLLOW), without blocking
 * (O_NONBLOCK) or taking a terminal (O_NOCTTY), and checked again on the open descriptor.
 * The caller closes it.
 */
export function openInsideRoot(root: string, inner: string): number | undefined {
  const found = regularFileInside(root, inner);
  return found === undefined ? undefined : openRegularFile(found.file);
}

/**
 * Open `file` (a host path already resolved, e.g. by regularFileInside) for reading only if it is
 * a regular file: never through a final link, never blocking, never taking a terminal.
 */
export function openRegularFile(file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return undefined;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    return undefined;
  }
  return fd;
}

/** The names in the folder `inner` as the chroot sees it, or undefined when that is no real folder. */
export function listInsideRoot(root: string, inner: string): string[] | undefined {
  const dir = resolveInsideRoot(root, inner);
  if (dir === undefined) return undefined;
  try {
    return lstatSync(dir).isDirectory() ? readdirSync(dir) : undefined;
  } catch {
    return undefined;
  }
}

/** Read at most `maxBytes` of the regular file `inner` as the chroot sees it (see openInsideRoot). */
export function readInsideRoot(root: string, inner: string, maxBytes: number): Buffer | undefined {
  const fd = openInsideRoot(root, inner);
  if (fd === undefined) return undefined;
  try {
    // As much as the file holds, up to the bound: a bound of megabytes costs nothing for a small file.
    const limit = Math.min(maxBytes, fstatSync(fd).size);
    const buffer = Buffer.allocUnsafe(limit);
    let filled = 0;
    while (filled < limit) {
      const bytesRead = readSync(fd, buffer, filled, limit - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Put `content` at `inner`, a file of the chroot, replacing whatever is there (a link included,
 * which is replaced, never followed). Its folder must be a real directory of the chroot; the new
 * file is written beside it, synced, and renamed over, so a crash leaves the old or the new one.
 * Returns why it would not, or undefined once written.
 */
export function writeInsideRoot(root: string, inner: string, content: string | Buffer, mode = 0o644): string | undefined {
  const why = unsafeInsidePath(root, path.dirname(inner));
  if (why !== undefined) return why;
  const target = path.join(root, inner);
  const temp = `${target}.ltsp-update-new-${process.pid}`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    // A full disk must not leave our half-written file behind in the chroot.
    rmSync(temp, { force: true });
    throw naming(error, target);
  }
  syncFolder(path.dirname(target));
  return undefined;
}

/**
 * Whether `inner`, a link, would lead the host somewhere else than it leads the chroot: an
 * absolute target, or one that climbs out. A tool of the host that follows it (LTSP's own
 * kernel and image steps) would then read a host file in the chroot's name.
 */
export function leadsOutside(root: string, inner: string): boolean {
  const host = path.join(root, inner);
  try {
    if (!lstatSync(host).isSymbolicLink()) return false;
  } catch {
    return false;
  }
  const inside = resolveInsideRoot(root, inner);
  let followed: string;
  try {
    followed = realpathSync(host);
  } catch {
    // Broken on the host: the host's tools will not read anything through it.
    return false;
  }
  return inside === undefined || realpathSync(inside) !== followed;
}

function splitPath(value: string): string[] {
  return value.split('/').filter((part) => part.length > 0);
}

/**
 * Copy the regular file `source` (never through a final link, never a FIFO or a device) to a new
 * file `dest`, at most `maxBytes`; false, with nothing written, when it is no such file or bigger.
 * For files whose content came from a chroot or another server (a kernel, an initrd).
 */
export function copyRegularFile(source: string, dest: string, maxBytes: number, mode = 0o644): boolean {
  const from = openRegularFile(source);
  if (from === undefined) return false;
  try {
    if (fstatSync(from).size > maxBytes) return false;
    rmSync(dest, { force: true });
    const to = openSync(dest, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      let copied = 0;
      for (;;) {
        const read = readSync(from, chunk, 0, chunk.length, null);
        if (read === 0) break;
        copied += read;
        if (copied > maxBytes) throw new Error(`${source} grew past ${maxBytes} bytes while it was copied`);
        writeSync(to, chunk, 0, read);
      }
      fsyncSync(to);
    } finally {
      closeSync(to);
    }
    return true;
  } finally {
    closeSync(from);
  }
}
