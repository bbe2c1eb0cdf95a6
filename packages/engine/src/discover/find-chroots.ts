// Finds the chroots in LTSP base dirs: modern ones hold proc/, LTSP5's legacy ones an executable bin/true.
import { accessSync, constants, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Layout } from '../protocol/chroot.js';
import { resolveInsideRoot } from '../fs/inside-root.js';
import { byCodeUnits } from '../text/code-unit-order.js';

export interface FoundChroot {
  name: string;
  path: string;
  baseDir: string;
  layout: Layout;
}

export interface BaseDir {
  dir: string;
  /** LTSP5's /opt/ltsp, where chroots are named after their architecture. */
  legacyDefault: boolean;
}

/**
 * The copies release-upgrade keeps beside a chroot (NAME.snapshot-FROM-DATE after a snapshot
 * upgrade, NAME.failed-TO-DATE after a rollback): kept for the administrator, not chroots to
 * update, check or offer a new release for.
 */
const keptCopy = /\.(snapshot|failed)-[a-z]+-\d{4}-\d{2}-\d{2}T/;

/** The chroots directly under each base dir, in name order; `images/`, kept copies and other directories are skipped. */
export async function findChroots(bases: readonly BaseDir[]): Promise<FoundChroot[]> {
  const perBase = await Promise.all(bases.map(findInBase));
  return perBase.flat();
}

async function findInBase(base: BaseDir): Promise<FoundChroot[]> {
  let entries;
  try {
    entries = readdirSync(base.dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const legacyBase = base.legacyDefault || /(^|\/)opt\/ltsp\/?$/.test(path.resolve(base.dir));
  const found = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name !== 'images' && !keptCopy.test(entry.name))
      .map(async (entry): Promise<FoundChroot | undefined> => {
        const root = path.join(base.dir, entry.name);
        const layout = await chrootLayout(root, legacyBase);
        return layout && { name: entry.name, path: root, baseDir: base.dir, layout };
      }),
  );
  return found.filter((chroot) => chroot !== undefined).sort((a, b) => byCodeUnits(a.name, b.name));
}

/**
 * Which layout `root` has, or undefined when it is not a chroot at all. A chroot is a
 * directory with proc/ (modern LTSP) or an executable bin/true (LTSP5); its layout follows
 * the tools that serve it: LTSP5's base dir (or its etc/ltsp_chroot marker) means legacy.
 */
export async function chrootLayout(root: string, legacyBase: boolean): Promise<Layout | undefined> {
  // bin/true is looked for only without proc/: resolving it costs several system calls.
  if (!isRealDirectory(path.join(root, 'proc')) && !hasExecutable(root, '/bin/true')) return undefined;
  return legacyBase || exists(path.join(root, 'etc/ltsp_chroot')) ? 'legacy' : 'modern';
}

function isRealDirectory(file: string): boolean {
  try {
    return (lstatSync(file)).isDirectory();
  } catch {
    return false;
  }
}

function hasExecutable(root: string, inner: string): boolean {
  const file = resolveInsideRoot(root, inner);
  if (file === undefined) return false;
  try {
    accessSync(file, constants.X_OK);
    return (lstatSync(file)).isFile();
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
