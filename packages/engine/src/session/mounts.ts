// Mounting inside a chroot, only on real directories of its own, and taking mounts down again.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, isEngineError } from '../errors/engine-error.js';
import { unsafeInsidePath } from '../fs/inside-root.js';
import { run, runTolerant } from '../process/run.js';
import type { Journal } from './journal.js';
import { mountPoints, mountsUnder } from './mountinfo.js';

/** One mount a session makes: `mount ARGS… TARGET` on `inner` inside the chroot. */
export interface MountSpec {
  inner: string;
  /** What is mounted, for the journal and messages: "proc", "/dev (bind)". */
  what: string;
  args: string[];
}

/** The standard set: proc, sys, dev and dev/pts, as LTSP5's ltsp-chroot and schroot mount them. */
export const standardMounts: readonly MountSpec[] = [
  { inner: '/proc', what: 'proc', args: ['-t', 'proc', 'proc'] },
  { inner: '/sys', what: 'sysfs', args: ['-t', 'sysfs', 'sysfs'] },
  { inner: '/dev', what: '/dev (bind)', args: ['--bind', '/dev'] },
  { inner: '/dev/pts', what: '/dev/pts (bind)', args: ['--bind', '/dev/pts'] },
];

/** A bind mount of a host directory. */
export function bindMount(source: string, inner: string): MountSpec {
  return { inner, what: `${source} (bind)`, args: ['--bind', source] };
}

/**
 * Mount `spec` inside `root` and journal it first. Refuses a mount point that is a symlink
 * or not a real directory of the chroot, so nothing on the host is ever mounted over.
 * Returns false (and journals nothing) when something is already mounted there: it is not ours to take down.
 */
export async function mountInside(root: string, spec: MountSpec, journal: Journal, chroot: string): Promise<boolean> {
  const why = unsafeInsidePath(root, spec.inner);
  if (why !== undefined) {
    throw new EngineError('unsafe-chroot', `refusing to mount ${spec.what} in ${chroot}: ${why}; make it a real directory inside the chroot`, { chroot, step: 'mount' });
  }
  const target = path.join(await realpath(root), spec.inner);
  if (mountPoints().includes(target)) return false;
  journal.record({ op: 'mount', target, what: spec.what });
  try {
    // --no-canonicalize: mount must not resolve the target itself; we checked it above.
    await run('mount', ['--no-canonicalize', ...spec.args, target], { chroot, step: 'mount' });
  } catch (error) {
    if (isEngineError(error) && error.code === 'missing-tool') throw error;
    throw new EngineError('mount-failed', `could not mount ${spec.what} on ${target}`, { chroot, step: 'mount', cause: error });
  }
  return true;
}

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
