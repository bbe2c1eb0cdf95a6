// The snapshot a release upgrade can take first: a full copy beside the chroot, on the same file
// system so that a rollback is two renames.
import path from 'node:path';
import { run, runTolerant } from '../process/run.js';

export async function takeSnapshot(root: string, from: string): Promise<string> {
  const target = `${root}.snapshot-${from}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  // Same file system, so rename can swap it back; reflink where the file system allows. A copy
  // that fails (a full disk) is removed: half a snapshot must never be swapped in.
  await run('cp', ['-a', '--reflink=auto', '--one-file-system', root, target], { step: 'snapshot', chroot: path.basename(root) }).catch(async (error: unknown) => {
    await runTolerant('rm', ['-rf', '--one-file-system', target]);
    throw error;
  });
  return target;
}

