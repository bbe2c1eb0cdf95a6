// Compares two files by content, cheaply when their sizes already differ.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

/** True when both files exist and hold the same bytes. */
export async function sameContent(a: string, b: string): Promise<boolean> {
  let sizeA: number;
  let sizeB: number;
  try {
    sizeA = statSync(a).size;
    sizeB = statSync(b).size;
  } catch {
    return false;
  }
  if (sizeA !== sizeB) return false;
  const [hashA, hashB] = await Promise.all([digest(a), digest(b)]);
  return hashA === hashB;
}

function digest(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}
