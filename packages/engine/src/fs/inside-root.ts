// Paths inside a chroot, resolved the way the chroot itself would see them, never escaping its root.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import path from 'node:path';

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

/**
 * Read up to `maxBytes` of the regular file `inner` as the chroot sees it. The kernel
 * follows the links in one open(2), and /proc/self/fd says where it landed; only when that
 * is outside `root` (an absolute link, or a root reached through a symlink) is the path
 * resolved again component by component, relative to the root. Never blocks on a FIFO.
 */
export function readInsideRoot(root: string, inner: string, maxBytes: number): Buffer | undefined {
  const fd = openInside(root, inner);
  if (fd === undefined) return undefined;
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.allocUnsafe(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const bytesRead = readSync(fd, buffer, filled, maxBytes - filled, null);
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

function openInside(root: string, inner: string): number | undefined {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK;
  const prefix = `${path.resolve(root)}/`;
  try {
    const fd = openSync(path.join(root, inner), flags);
    if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(prefix)) return fd;
    closeSync(fd);
  } catch {
    // Missing, or a link the kernel could not follow from the host's view: try the chroot's view.
  }
  const resolved = resolveInsideRoot(root, inner);
  if (resolved === undefined) return undefined;
  try {
    return openSync(resolved, flags | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
}

function splitPath(value: string): string[] {
  return value.split('/').filter((part) => part.length > 0);
}
