// Where the published versions of a chroot's image live, and what is known about each.
//
//   <base>/images/NAME.img                  -> NAME.versions/<version>.img   (a relative symlink: the live one)
//   <base>/images/NAME.versions/<version>.img, <version>.json (what it holds, when it was live)
//   <tftp>/ltsp/NAME.versions/<version>/    vmlinuz, initrd.img as `ltsp kernel` copied them from that image
//   <tftp>/ltsp/NAME/                       vmlinuz, initrd.img: copies of the live version's, replaced by rename
//
// LTSP's boot menu, NFS and NBD keep using images/NAME.img and ltsp/NAME/; `ltsp ipxe` lists only
// images/*.img, so the versions (in a folder of their own) never become boot entries. A version's
// name is its UTC time, so rsync between servers adds new names and never rewrites one in place.
// @LTSP.CONF: BASE_DIR TFTP_DIR
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { writeFileDurably } from '../fs/durable-write.js';
import { readInsideRoot } from '../fs/inside-root.js';

export interface ImagePaths {
  name: string;
  /** <base>/images */
  imagesDir: string;
  /** <base>/images/NAME.img, the name clients boot. */
  live: string;
  /** <base>/images/NAME.versions */
  versionsDir: string;
  /** <tftp>/ltsp/NAME: what TFTP serves. */
  tftpLive: string;
  /** <tftp>/ltsp/NAME.versions */
  tftpVersionsDir: string;
  /** Where a publish builds its files before they are checked: removed by the next publish or cleanup. */
  staging: { images: string; tftp: string };
  /** The intent of a switch under way (switch-live.ts), so a killed one is finished by the next run. */
  switchJournal: string;
}

export function imagePaths(baseDir: string, tftpDir: string, name: string): ImagePaths {
  const imagesDir = path.join(baseDir, 'images');
  const versionsDir = path.join(imagesDir, `${name}.versions`);
  const tftpVersionsDir = path.join(tftpDir, 'ltsp', `${name}.versions`);
  return {
    name,
    imagesDir,
    live: path.join(imagesDir, `${name}.img`),
    versionsDir,
    tftpLive: path.join(tftpDir, 'ltsp', name),
    tftpVersionsDir,
    staging: { images: path.join(versionsDir, '.staging'), tftp: path.join(tftpVersionsDir, '.staging') },
    switchJournal: path.join(versionsDir, 'switch.json'),
  };
}

// A kernel is megabytes and an initrd tens of them; anything past this is not one to serve.
export const maxBootFileBytes = 1024 * 2 ** 20;

const versionPattern = /^\d{8}T\d{6}Z(-\d+)?$/;

export const versionMetaSchema = z.object({
  version: z.string().check(z.regex(versionPattern)),
  created: z.string(),
  /** The kernel TFTP serves with it (the image's modules belong to it). */
  kernel: z.nullable(z.string()),
  /** Installed package → version when it was built; null: an image taken over from LTSP. */
  packages: z.nullable(z.record(z.string(), z.string())),
  /** Why the boot check refused it; it is kept for inspection and never goes live. */
  refused: z._default(z.nullable(z.string()), null),
  liveFrom: z._default(z.nullable(z.string()), null),
  liveUntil: z._default(z.nullable(z.string()), null),
});

export type VersionMeta = z.infer<typeof versionMetaSchema>;

export interface StoredVersion {
  meta: VersionMeta;
  image: string;
  sizeBytes: number;
  /** The image's inode: a file taken over from LTSP is the same file as images/NAME.img. */
  ino: number;
  /** The folder with its vmlinuz and initrd.img, when it has one. */
  boot: string | null;
}

/** A version name for now: the UTC time, with a count after it when that second is taken. */
export function newVersionName(paths: ImagePaths, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let name = stamp;
  for (let n = 2; existsSync(path.join(paths.versionsDir, `${name}.img`)) || existsSync(path.join(paths.versionsDir, `${name}.json`)); n++) name = `${stamp}-${n}`;
  return name;
}

export function isVersionName(text: string): boolean {
  return versionPattern.test(text);
}

/** The version images/NAME.img leads to, when it is one of ours; undefined: none, or LTSP's plain file. */
export function liveVersion(paths: ImagePaths): string | undefined {
  let target: string;
  try {
    target = readlinkSync(paths.live);
  } catch {
    return undefined;
  }
  const match = /^([^/]+)\.versions\/([^/]+)\.img$/.exec(target);
  return match && match[1] === paths.name && isVersionName(match[2] as string) ? match[2] : undefined;
}

/** What images/NAME.img is: one of our links, LTSP's own file, something else, or nothing. */
export function liveKind(paths: ImagePaths): 'ours' | 'file' | 'other' | 'none' {
  let info;
  try {
    info = lstatSync(paths.live);
  } catch {
    return 'none';
  }
  if (info.isFile()) return 'file';
  return info.isSymbolicLink() && liveVersion(paths) !== undefined ? 'ours' : 'other';
}

/** The link's target for `version`, relative to images/. */
export function linkTarget(paths: ImagePaths, version: string): string {
  return `${paths.name}.versions/${version}.img`;
}

/** Every version kept, oldest first; a version whose record is missing or unreadable is left out. */
export function listVersions(paths: ImagePaths): StoredVersion[] {
  let names: string[];
  try {
    names = readdirSync(paths.versionsDir);
  } catch {
    return [];
  }
  const versions: StoredVersion[] = [];
  for (const file of names.filter((entry) => entry.endsWith('.json')).sort()) {
    const version = file.slice(0, -'.json'.length);
    if (!isVersionName(version)) continue;
    const meta = readMeta(paths, version);
    const image = path.join(paths.versionsDir, `${version}.img`);
    let info;
    try {
      info = lstatSync(image);
    } catch {
      continue;
    }
    if (meta === undefined || !info.isFile()) continue;
    const boot = path.join(paths.tftpVersionsDir, version);
    versions.push({ meta, image, sizeBytes: info.size, ino: info.ino, boot: existsSync(path.join(boot, 'vmlinuz')) ? boot : null });
  }
  return versions;
}

// A record is a few kilobytes per hundred packages; anything far bigger is not one of ours.
const maxMetaBytes = 4 * 1024 * 1024;

export function readMeta(paths: ImagePaths, version: string): VersionMeta | undefined {
  // The folder may come from another server (rsync, a backup): read like a chroot's files, bounded and never through a link.
  const bytes = readInsideRoot(paths.versionsDir, `/${version}.json`, maxMetaBytes);
  if (bytes === undefined) return undefined;
  try {
    const parsed = versionMetaSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success && parsed.data.version === version ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeMeta(paths: ImagePaths, meta: VersionMeta): void {
  mkdirSync(paths.versionsDir, { recursive: true, mode: 0o700 });
  writeFileDurably(path.join(paths.versionsDir, `${meta.version}.json`), `${JSON.stringify(meta, null, 1)}\n`);
}

/** The live version and the one `rollback` would go back to, for list and the status (nulls: not ours). */
export function versionState(paths: ImagePaths): { live: string | null; rollbackTo: string | null } {
  const live = liveVersion(paths);
  if (live === undefined) return { live: null, rollbackTo: null };
  return { live, rollbackTo: previousVersion(listVersions(paths), live)?.meta.version ?? null };
}

/** The version `rollback` goes back to: the newest one older than the live one that passed its check. */
export function previousVersion(versions: readonly StoredVersion[], live: string | undefined): StoredVersion | undefined {
  if (live === undefined) return undefined;
  return versions.filter((entry) => entry.meta.version < live && entry.meta.refused === null && entry.boot !== null).at(-1);
}
