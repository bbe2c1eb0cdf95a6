// Compares two files by content, cheaply when their sizes already differ. One of them is in a
// chroot: both are opened without following a link or blocking, and must be regular files.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync } from 'node:fs';
import { openRegularFile } from '../fs/inside-root.js';

/** True when both files exist as regular files and hold the same bytes. */
export async function sameContent(a: string, b: string): Promise<boolean> {
  const fdA = openRegularFile(a);
  const fdB = fdA === undefined ? undefined : openRegularFile(b);
  if (fdA === undefined || fdB === undefined) {
    if (fdA !== undefined) closeSync(fdA);
    return false;
  }
  if (fstatSync(fdA).size !== fstatSync(fdB).size) {
    closeSync(fdA);
    closeSync(fdB);
    return false;
  }
  const [hashA, hashB] = await Promise.all([digest(fdA), digest(fdB)]);
  return hashA === hashB;
}

/** The SHA-256 of what `fd` holds; the stream closes it. */
function digest(fd: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream('', { fd }).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}
