// The chroot's apt source files: read, kept aside on the host, rewritten, and put back on failure.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unsafeInsidePath } from '../fs/inside-root.js';
import { EngineError } from '../errors/engine-error.js';

export interface SourceFile {
  /** Relative to the chroot's etc/apt. */
  name: string;
  format: 'one-line' | 'deb822';
  text: string;
}

/** Every sources file the chroot's apt reads: sources.list, sources.list.d/*.list and *.sources. */
export function readSourceFiles(root: string, chroot: string): SourceFile[] {
  const why = unsafeInsidePath(root, '/etc/apt/sources.list.d');
  if (why !== undefined && unsafeInsidePath(root, '/etc/apt') !== undefined) {
    throw new EngineError('unsafe-chroot', `refusing to read the apt sources of ${chroot}: ${why}`, { chroot });
  }
  const etcApt = path.join(root, 'etc/apt');
  const files: SourceFile[] = [];
  const add = (name: string, format: SourceFile['format']) => {
    const unsafe = unsafeInsidePath(root, `/etc/apt/${name}`, true);
    if (unsafe?.endsWith('is a symlink')) {
      throw new EngineError('unsafe-chroot', `refusing to rewrite /etc/apt/${name} in ${chroot}: ${unsafe}`, { chroot });
    }
    try {
      files.push({ name, format, text: readFileSync(path.join(etcApt, name), 'utf8') });
    } catch {
      // Not there: nothing to rewrite.
    }
  };
  add('sources.list', 'one-line');
  let parts: string[] = [];
  try {
    parts = readdirSync(path.join(etcApt, 'sources.list.d')).sort();
  } catch {
    parts = [];
  }
  for (const name of parts) {
    if (name.endsWith('.list')) add(`sources.list.d/${name}`, 'one-line');
    else if (name.endsWith('.sources')) add(`sources.list.d/${name}`, 'deb822');
  }
  return files;
}

/** Copy the source files into `dir` on the host, keeping their names. */
export function backUpSourceFiles(root: string, files: readonly SourceFile[], dir: string): void {
  mkdirSync(path.join(dir, 'sources.list.d'), { recursive: true });
  for (const file of files) copyFileSync(path.join(root, 'etc/apt', file.name), path.join(dir, file.name));
}

/** Write `files` into the chroot's etc/apt (the rewritten ones, or the originals to roll back). */
export function writeSourceFiles(root: string, files: readonly SourceFile[]): void {
  for (const file of files) writeFileSync(path.join(root, 'etc/apt', file.name), file.text);
}
