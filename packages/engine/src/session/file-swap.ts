// Puts a file of ours in place of one in the chroot (policy-rc.d, resolv.conf), keeping the original to restore byte for byte.
import { chmod, lstat, rename, writeFile } from 'node:fs/promises';
import { naming } from '../errors/known-error.js';
import path from 'node:path';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { unsafeInsidePath } from '../fs/inside-root.js';
import type { Journal } from './journal.js';

/**
 * Replace `inner` in the chroot with `content`. The original (file or symlink) is renamed
 * aside in the same folder, so the undo is a rename. The folder must be a real directory
 * of the chroot: a symlinked /etc would otherwise make us write on the host.
 */
export async function swapIn(root: string, inner: string, content: string | Buffer, mode: number, journal: Journal, chroot: string): Promise<void> {
  const why = unsafeInsidePath(root, path.dirname(inner));
  if (why !== undefined) {
    throw new EngineError('unsafe-chroot', _f('refusing to replace {inner} in {chroot}: {why}', { inner, chroot, why }), { chroot, step: 'session' });
  }
  const target = path.join(root, inner);
  const original = await exists(target);
  const backup = original ? `${target}.ltsp-update-${process.pid}` : null;
  journal.record({ op: 'swap', path: target, backup });
  if (backup !== null) await rename(target, backup);
  // flag 'wx': never write through something that appeared in the meantime.
  await writeFile(target, content, { flag: 'wx', mode }).catch((error: unknown) => Promise.reject(naming(error, target)));
  await chmod(target, mode);
}

/** Create a file of ours at `inner` that did not exist, to be removed afterwards. */
export async function createInside(root: string, inner: string, content: string | Buffer, mode: number, journal: Journal, chroot: string): Promise<string> {
  const why = unsafeInsidePath(root, path.dirname(inner));
  if (why !== undefined) {
    throw new EngineError('unsafe-chroot', _f('refusing to create {inner} in {chroot}: {why}', { inner, chroot, why }), { chroot, step: 'session' });
  }
  const target = path.join(root, inner);
  journal.record({ op: 'create', path: target });
  await writeFile(target, content, { flag: 'wx', mode }).catch((error: unknown) => Promise.reject(naming(error, target)));
  return target;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
