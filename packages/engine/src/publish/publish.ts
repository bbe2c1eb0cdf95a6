// Publishing a chroot's image as a new version: finish or clear what a cut run left, take over
// LTSP's plain NAME.img, build with `ltsp image` into staging, check that it boots, keep it
// beside the others, switch to it, and let retention go. Rollback switches back the same way.
// The caller holds the chroot's lock for all of it.
import { linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { maxDpkgStatusBytes } from '../arch/dpkg-status.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { copyRegularFile, readInsideRoot } from '../fs/inside-root.js';
import { checkBootable } from './boot-check.js';
import { pruneVersions } from './retention.js';
import { clearStaging, stageImage } from './stage-image.js';
import { finishInterruptedSwitch, switchLive } from './switch-live.js';
import {
  isVersionName, listVersions, liveKind, liveVersion, maxBootFileBytes, newVersionName, previousVersion, writeMeta, type ImagePaths,
} from './version-store.js';

export interface PublishOutcome {
  version: string;
  previous: string | null;
  kernel: string;
  removed: string[];
}

/** Put right what a run cut short left behind; says what it did, one line each. */
export function tidyVersions(paths: ImagePaths): string[] {
  const done: string[] = [];
  const finished = finishInterruptedSwitch(paths);
  if (finished !== undefined) done.push(finished);
  if (clearStaging(paths)) done.push(`removed the unfinished build of ${paths.name}'s image`);
  const strays = removeStrays(paths);
  if (strays > 0) done.push(`removed ${strays} half-kept file(s) of ${paths.name}'s image versions`);
  return done;
}

/** Build, check and publish a new version; refused versions are kept for inspection and the live one stays. */
export async function publishImage(paths: ImagePaths, chrootRoot: string, command: { file: string; args: string[] }, keep: number, log: (line: string) => void, output: (line: string) => void): Promise<PublishOutcome> {
  for (const line of tidyVersions(paths)) log(line);
  const kind = liveKind(paths);
  if (kind === 'other') {
    throw new EngineError('unsafe-chroot', _f('{live} is a link the engine did not make; move it aside (or make it a plain file) and publish again', { live: paths.live }), { chroot: paths.name });
  }
  if (kind === 'file') log(`kept LTSP's own image as version ${takeOver(paths)}`);
  const previous = liveVersion(paths) ?? null;
  const staged = await stageImage(paths, command, output);
  const version = newVersionName(paths);
  const packages = installedPackages(chrootRoot);
  let kernel: string;
  try {
    ({ kernel } = await checkBootable(staged, path.join(paths.staging.images, 'mnt'), paths.name));
  } catch (error) {
    if (error instanceof EngineError && error.code === 'image-refused') {
      keepStaged(paths, version);
      writeMeta(paths, { version, created: new Date().toISOString(), kernel: null, packages, refused: error.message, liveFrom: null, liveUntil: null });
      log(`kept the refused image as version ${version} for inspection: ${path.join(paths.versionsDir, `${version}.img`)}`);
      pruneVersions(paths, keep);
    }
    throw error;
  }
  keepStaged(paths, version);
  writeMeta(paths, { version, created: new Date().toISOString(), kernel, packages, refused: null, liveFrom: null, liveUntil: null });
  switchLive(paths, version);
  const removed = pruneVersions(paths, keep);
  return { version, previous, kernel, removed };
}

/** Switch back to `to`, or to the version before the live one. */
export function rollbackImage(paths: ImagePaths, to: string | undefined, log: (line: string) => void): { from: string; to: string; kernel: string | null } {
  for (const line of tidyVersions(paths)) log(line);
  const live = liveVersion(paths);
  if (live === undefined) {
    throw new EngineError('no-version', _f('{chroot} has no image versions to roll back between: its image is published by LTSP alone (ltsp-chroot publish {chroot} starts keeping them)', { chroot: paths.name }), { chroot: paths.name });
  }
  const versions = listVersions(paths);
  const target = to === undefined ? previousVersion(versions, live) : versions.find((entry) => entry.meta.version === to);
  if (target === undefined) {
    const why = to === undefined ? _f('no version older than the live {live} is kept', { live }) : _f('there is no version {version}', { version: to });
    throw new EngineError('no-version', _f('cannot roll {chroot} back: {why} (see ltsp-chroot images {chroot})', { chroot: paths.name, why }), { chroot: paths.name });
  }
  if (target.meta.refused !== null) {
    throw new EngineError('no-version', _f('version {version} of {chroot} failed its boot check and never goes live: {refused}', { version: target.meta.version, chroot: paths.name, refused: target.meta.refused }), { chroot: paths.name });
  }
  if (target.meta.version === live) return { from: live, to: live, kernel: target.meta.kernel };
  switchLive(paths, target.meta.version);
  return { from: live, to: target.meta.version, kernel: target.meta.kernel };
}

/** Move the staged image and its kernel and initrd into the store as `version`. */
function keepStaged(paths: ImagePaths, version: string): void {
  mkdirSync(paths.tftpVersionsDir, { recursive: true, mode: 0o755 });
  const boot = path.join(paths.tftpVersionsDir, version);
  renameSync(path.join(paths.staging.tftp, paths.name), boot);
  renameSync(path.join(paths.staging.images, `${paths.name}.img`), path.join(paths.versionsDir, `${version}.img`));
  clearStaging(paths);
}

/**
 * LTSP's plain images/NAME.img becomes the first version: linked (not moved) into the store, so
 * NAME.img is there all along until the switch renames a link over it, with the kernel and
 * initrd TFTP serves with it now.
 */
function takeOver(paths: ImagePaths): string {
  const info = lstatSync(paths.live);
  // Taken over before (and the build after it refused): the same file is that version already.
  const already = listVersions(paths).find((entry) => entry.ino === info.ino);
  if (already !== undefined) return already.meta.version;
  const version = newVersionName(paths, info.mtime);
  mkdirSync(paths.versionsDir, { recursive: true, mode: 0o700 });
  const boot = path.join(paths.tftpVersionsDir, version);
  mkdirSync(boot, { recursive: true, mode: 0o755 });
  for (const file of ['vmlinuz', 'initrd.img']) {
    // When TFTP has no copy, this version cannot go live again, and rollback says so.
    copyRegularFile(path.join(paths.tftpLive, file), path.join(boot, file), maxBootFileBytes);
  }
  linkSync(paths.live, path.join(paths.versionsDir, `${version}.img`));
  writeMeta(paths, { version, created: info.mtime.toISOString(), kernel: null, packages: null, refused: null, liveFrom: info.mtime.toISOString(), liveUntil: null });
  // `ltsp image` run by hand renames our link to NAME.img.old; it leads into the store, which retention tidies.
  try {
    if (readlinkSync(`${paths.live}.old`).startsWith(`${paths.name}.versions/`)) rmSync(`${paths.live}.old`);
  } catch {
    // No such link.
  }
  return version;
}

/** Remove files of versions whose record is gone, and records whose image is gone (a removal or a take-over cut short). */
function removeStrays(paths: ImagePaths): number {
  const live = liveVersion(paths);
  const names = safeList(paths.versionsDir);
  const records = new Set(names.filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)));
  const images = new Set(names.filter((file) => file.endsWith('.img')).map((file) => file.slice(0, -'.img'.length)));
  let removed = 0;
  const remove = (file: string) => {
    rmSync(file, { recursive: true, force: true });
    removed++;
  };
  for (const version of images) if (isVersionName(version) && !records.has(version) && version !== live) remove(path.join(paths.versionsDir, `${version}.img`));
  for (const version of records) if (isVersionName(version) && !images.has(version)) remove(path.join(paths.versionsDir, `${version}.json`));
  for (const version of safeList(paths.tftpVersionsDir)) if (isVersionName(version) && !records.has(version)) remove(path.join(paths.tftpVersionsDir, version));
  // The copies and the link a switch makes before its renames (switch-live.ts), when it was cut before it wrote its intent.
  for (const file of safeList(paths.tftpLive)) if (/^\.(vmlinuz|initrd\.img)\./.test(file)) remove(path.join(paths.tftpLive, file));
  for (const file of safeList(paths.imagesDir)) if (file.startsWith(`.${paths.name}.img.`)) remove(path.join(paths.imagesDir, file));
  return removed;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Installed package → version, from the chroot's dpkg status (read bounded, inside the chroot). */
function installedPackages(root: string): Record<string, string> | null {
  const status = readInsideRoot(root, '/var/lib/dpkg/status', maxDpkgStatusBytes)?.toString('utf8');
  if (status === undefined) return null;
  const installed: Record<string, string> = {};
  for (const stanza of status.split(/\n\n+/)) {
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    const version = /^Version: (\S+)$/m.exec(stanza)?.[1];
    const arch = /^Architecture: (\S+)$/m.exec(stanza)?.[1];
    if (name === undefined || version === undefined || !/^Status: install ok installed$/m.test(stanza)) continue;
    // A package of two architectures (multiarch) is told apart by its architecture.
    installed[name in installed ? `${name}:${arch ?? ''}` : name] = version;
  }
  return installed;
}
