// Making a version live, for publish and rollback alike. Each name clients read switches with one
// rename (nothing ever writes a live file in place); the image first, then the initrd, then the
// kernel: a client mounts its image only after it fetched its kernel, so one that fetched the new
// kernel finds the new image. The intent is written down before the first rename and removed
// after the last, so a switch cut short at any point is finished by the next run (publish,
// rollback, images or cleanup): the version it switched to had passed its boot check.
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { syncFolder, writeFileDurably } from '../fs/durable-write.js';
import { copyRegularFile, readInsideRoot } from '../fs/inside-root.js';
import { linkTarget, liveVersion, maxBootFileBytes, readMeta, writeMeta, type ImagePaths } from './version-store.js';

const journalSchema = z.object({ to: z.string(), from: z.nullable(z.string()) });

/** Switch the live image, kernel and initrd to `to`; `from` is the version live before (null: none of ours). */
export function switchLive(paths: ImagePaths, to: string, now = new Date()): void {
  const from = liveVersion(paths) ?? null;
  writeFileDurably(paths.switchJournal, `${JSON.stringify({ to, from })}\n`, 0o600);
  finishSwitch(paths, to, from, now);
}

/** Finish a switch that a killed run began; says what it did, or undefined when none was under way. */
export function finishInterruptedSwitch(paths: ImagePaths, now = new Date()): string | undefined {
  const bytes = readInsideRoot(paths.versionsDir, `/${path.basename(paths.switchJournal)}`, 64 * 1024);
  if (bytes === undefined) return undefined;
  let journal;
  try {
    journal = journalSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    rmSync(paths.switchJournal, { force: true });
    return undefined;
  }
  if (readMeta(paths, journal.to) === undefined) {
    rmSync(paths.switchJournal, { force: true });
    return `dropped an unfinished switch to ${journal.to}, a version that is no longer kept`;
  }
  finishSwitch(paths, journal.to, journal.from, now);
  return `finished switching ${paths.name} to image ${journal.to}`;
}

function finishSwitch(paths: ImagePaths, to: string, from: string | null, now: Date): void {
  const meta = readMeta(paths, to);
  if (meta === undefined) throw new EngineError('no-version', _f('image version {to} of {chroot} is not kept: see ltsp-chroot images {chroot}', { to, chroot: paths.name }), { chroot: paths.name });
  const boot = path.join(paths.tftpVersionsDir, to);
  if (!['vmlinuz', 'initrd.img'].every((file) => existsSync(path.join(boot, file)))) {
    throw new EngineError('no-version', _f('image version {to} of {chroot} has no kernel and initrd kept beside it, so it cannot go live: publish a new one (ltsp-chroot publish {chroot})', { to, chroot: paths.name }), { chroot: paths.name });
  }
  // The copies TFTP will serve are made beside the live ones first: a rename never crosses a disk.
  mkdirSync(paths.tftpLive, { recursive: true, mode: 0o755 });
  // The store may have come from another server (rsync): a link there must not put a host file on TFTP.
  const staged = ['initrd.img', 'vmlinuz'].map((file) => {
    const next = path.join(paths.tftpLive, `.${file}.${to}`);
    if (!copyRegularFile(path.join(boot, file), next, maxBootFileBytes)) {
      throw new EngineError('no-version', _f('{file} is not a regular file of at most {mib} MiB, so version {to} of {chroot} cannot go live', { file: path.join(boot, file), mib: maxBootFileBytes / 2 ** 20, to, chroot: paths.name }), { chroot: paths.name });
    }
    return { next, live: path.join(paths.tftpLive, file) };
  });
  const link = path.join(paths.imagesDir, `.${paths.name}.img.${to}`);
  rmSync(link, { force: true });
  symlinkSync(linkTarget(paths, to), link);
  renameSync(link, paths.live);
  syncFolder(paths.imagesDir);
  for (const { next, live } of staged) renameSync(next, live);
  syncFolder(paths.tftpLive);
  const at = now.toISOString();
  if (from !== null && from !== to) {
    const before = readMeta(paths, from);
    if (before !== undefined) writeMeta(paths, { ...before, liveUntil: at });
  }
  writeMeta(paths, { ...meta, liveFrom: at, liveUntil: null });
  rmSync(paths.switchJournal, { force: true });
  syncFolder(paths.versionsDir);
}
