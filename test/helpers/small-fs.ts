// File systems small enough to fill on purpose: a loop-mounted ext4 image (a chroot's own disk) or
// a tmpfs (a state dir's), and a ballast file that takes every block left on one.
import { mkdir, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { mountsUnder } from './fixtures.js';

export interface SmallFs {
  /** The mount point. */
  dir: string;
  /** Take it down; safe to call when it is not mounted (any more). */
  unmount(): Promise<void>;
}

/** Make an ext4 file system of `bytes` in `image` and loop-mount it on `dir`. */
export async function mountExt4Image(image: string, dir: string, bytes: number): Promise<SmallFs> {
  await execa('truncate', ['-s', String(bytes), image]);
  // No blocks reserved for root: the engine and dpkg run as root, and must meet the same full disk.
  await execa('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
  await mkdir(dir, { recursive: true });
  await execa('mount', ['-o', 'loop', image, dir]);
  return { dir, unmount: () => unmount(dir) };
}

/** Mount a tmpfs of `bytes` on `dir`. */
export async function mountTmpfs(dir: string, bytes: number): Promise<SmallFs> {
  await mkdir(dir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  return { dir, unmount: () => unmount(dir) };
}

async function unmount(dir: string): Promise<void> {
  if ((await mountsUnder(dir)).length === 0) return;
  const plain = await execa('umount', [dir], { reject: false });
  if (plain.exitCode === 0) return;
  // Still busy: detach it anyway so the host is left clean and the folder can go, then say so.
  await execa('umount', ['--lazy', dir], { reject: false });
  throw new Error(`${dir} was busy and had to be unmounted lazily: ${plain.stderr}`);
}

/** Bytes still free for a writer on the file system of `dir`. */
async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/**
 * Grow `ballast` (created when missing) until the file system holding it has no block left.
 * fallocate takes the bulk at once, leaving a margin for its own extent blocks; a block-sized dd
 * then takes the rest, since only a real ENOSPC proves that the disk is full.
 */
export async function fillUp(ballast: string): Promise<void> {
  const bulk = (await freeBytes(path.dirname(ballast))) - 1024 * 1024;
  // A writer taking blocks meanwhile can make this fail; the dd below then takes the rest.
  if (bulk > 0) await execa('fallocate', ['-o', String(await sizeOf(ballast)), '-l', String(bulk), ballast], { reject: false });
  const topUp = await execa('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=4096', 'oflag=append', 'conv=notrunc'], { reject: false });
  if (!/No space left on device/.test(String(topUp.stderr))) throw new Error(`dd did not fill ${ballast}: ${topUp.stderr}`);
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? 0;
}

/** Remove the ballast, giving its blocks back. */
export async function removeBallast(ballast: string): Promise<void> {
  await rm(ballast, { force: true });
}
