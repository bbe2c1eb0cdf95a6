// The chroot's apt source files: read, kept aside on the host, rewritten, and put back on failure.
import { mkdirSync } from 'node:fs';
import { writeFileDurably } from '../fs/durable-write.js';
import path from 'node:path';
import { listInsideRoot, readInsideRoot, resolveInsideRoot, unsafeInsidePath, writeInsideRoot } from '../fs/inside-root.js';

// A sources file is a few lines; one past this size is not a sources file.
const maxSourceFileBytes = 1024 * 1024;
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

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
    throw new EngineError('unsafe-chroot', _f('refusing to read the apt sources of {chroot}: {why}', { chroot, why }), { chroot });
  }
  const files: SourceFile[] = [];
  const add = (name: string, format: SourceFile['format']) => {
    const unsafe = unsafeInsidePath(root, `/etc/apt/${name}`, true);
    if (unsafe?.endsWith('is a symlink')) {
      throw new EngineError('unsafe-chroot', _f('refusing to rewrite /etc/apt/{name} in {chroot}: {unsafe}', { name, chroot, unsafe }), { chroot });
    }
    const text = readInsideRoot(root, `/etc/apt/${name}`, maxSourceFileBytes + 1);
    if (text === undefined) {
      // Not there, or not a regular file (a FIFO, a device): apt would not read it either.
      if (resolveInsideRoot(root, `/etc/apt/${name}`) !== undefined) throw new EngineError('unsafe-chroot', _f('refusing to read /etc/apt/{name} in {chroot}: it is not a regular file', { name, chroot }), { chroot });
      return;
    }
    if (text.length > maxSourceFileBytes) throw new EngineError('unsafe-chroot', _f('refusing to read /etc/apt/{name} in {chroot}: it is larger than 1 MB', { name, chroot }), { chroot });
    files.push({ name, format, text: text.toString('utf8') });
  };
  add('sources.list', 'one-line');
  for (const name of (listInsideRoot(root, '/etc/apt/sources.list.d') ?? []).sort()) {
    if (name.endsWith('.list')) add(`sources.list.d/${name}`, 'one-line');
    else if (name.endsWith('.sources')) add(`sources.list.d/${name}`, 'deb822');
  }
  return files;
}

/** Keep the source files, as read, in `dir` on the host, under their names. */
export function backUpSourceFiles(files: readonly SourceFile[], dir: string): void {
  mkdirSync(path.join(dir, 'sources.list.d'), { recursive: true });
  // Durably: after a crash these may be the only copy of the administrator's sources.
  for (const file of files) writeFileDurably(path.join(dir, file.name), file.text);
}

/**
 * Write `files` into the chroot's etc/apt (the rewritten ones, or the originals to roll back).
 * Through the path layer: a link that a package put there meanwhile is replaced, never followed.
 */
export function writeSourceFiles(root: string, files: readonly SourceFile[], chroot: string): void {
  for (const file of files) {
    const why = writeInsideRoot(root, `/etc/apt/${file.name}`, file.text);
    if (why !== undefined) throw new EngineError('unsafe-chroot', _f('refusing to write /etc/apt/{name} in {chroot}: {why}', { name: file.name, chroot, why }), { chroot });
  }
}

