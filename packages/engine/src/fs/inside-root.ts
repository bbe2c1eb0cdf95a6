// Paths inside a chroot, resolved the way the chroot itself would see them, never escaping its root.
import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

const maxSymlinks = 40;

/**
 * The host path of `inner` (an absolute path as seen inside `root`), following symlinks
 * as if `root` were `/`: absolute link targets are taken relative to `root` and `..` stops
 * at it. Returns undefined when a component is missing or the links loop.
 */
export async function resolveInsideRoot(root: string, inner: string): Promise<string | undefined> {
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
      info = await lstat(candidate);
    } catch {
      return undefined;
    }
    if (info.isSymbolicLink()) {
      if (++hops > maxSymlinks) return undefined;
      const target = await readlink(candidate);
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
export async function unsafeInsidePath(root: string, inner: string, lastMayBeFile = false): Promise<string | undefined> {
  const parts = splitPath(inner);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part === '..' || part === '.') return `${inner} contains "${part}"`;
    const candidate = path.join(root, ...parts.slice(0, i + 1));
    let info;
    try {
      info = await lstat(candidate);
    } catch {
      return `${candidate} does not exist`;
    }
    const last = i === parts.length - 1;
    if (info.isSymbolicLink()) return `${candidate} is a symlink`;
    if (!info.isDirectory() && !(last && lastMayBeFile && info.isFile())) return `${candidate} is not a directory`;
  }
  return undefined;
}

function splitPath(value: string): string[] {
  return value.split('/').filter((part) => part.length > 0);
}
