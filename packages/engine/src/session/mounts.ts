// Taking down mounts that runs of older versions made on the host, which their journals name.
// Sessions mount nothing on the host now: every command runs in a mount namespace of its own.
import { runTolerant } from '../process/run.js';
import { mountsUnder } from './mountinfo.js';

/**
 * Take `target` down with everything mounted below it (a binfmt_misc under proc first).
 * A busy mount is detached lazily rather than left behind. Says what it could not do.
 */
export async function unmountTree(target: string): Promise<string[]> {
  const problems: string[] = [];
  for (const point of mountsUnder(target)) {
    const plain = await runTolerant('umount', ['--no-canonicalize', point]);
    if (plain.ok) continue;
    const lazy = await runTolerant('umount', ['--no-canonicalize', '--lazy', point]);
    if (!lazy.ok) problems.push(`could not unmount ${point}: ${lazy.stderr.trim()}`);
  }
  return problems;
}
