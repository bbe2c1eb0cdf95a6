// A session in a chroot: lock, mounts, daemon guard and resolv.conf, all journaled, all undone by close().
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors/engine-error.js';
import { unsafeInsidePath } from '../fs/inside-root.js';
import type { HostVerdict } from '../arch/host-verdict.js';
import { cleanupChroot } from './cleanup.js';
import { insideEnv } from './inside-env.js';
import { Journal } from './journal.js';
import { lockChroot, type ChrootLock } from './lock.js';
import { bindMount, mountInside, standardMounts } from './mounts.js';
import { createInside, swapIn } from './file-swap.js';
import { undoEntries, type UndoReport } from './undo.js';

export interface SessionTarget {
  name: string;
  path: string;
  arch: string | null;
  release: string | null;
  distribution: string | null;
  run: HostVerdict;
}

export interface SessionOptions {
  stateDir: string;
  cacheDir: string;
  allowEmulated: boolean;
  /** Bind-mount a host package cache shared by chroots of the same distribution, release and architecture. */
  mountPackageCache?: boolean;
  /** Let graphical programs reach the caller's X display. */
  x11?: { display: string; xauthority: string | undefined };
  interactive?: boolean;
  callerEnv?: NodeJS.ProcessEnv;
  /** Mount proc, sys, dev and dev/pts (default). apt's own reading and downloading needs none of them. */
  mounts?: boolean;
  /** Install the policy-rc.d that keeps daemons from starting (default); only maintainer scripts need it. */
  guardDaemons?: boolean;
  /** Put the host's resolv.conf in (default); only what reaches the network needs it. */
  network?: boolean;
  /** Let apt inside run although the session holds its lock (default); apt's read-only commands take no lock. */
  aptWrites?: boolean;
}

export interface Session {
  readonly chroot: SessionTarget;
  /** argv (with personality) and environment to run `command` inside; `env` adds to the session's. */
  commandLine(command: readonly string[], env?: Record<string, string>): { file: string; args: string[]; env: Record<string, string> };
  /** Undo the mounts and file swaps but keep holding the chroot (for LTSP's own kernel and image steps). */
  teardown(): Promise<UndoReport>;
  /** A scratch folder inside the chroot (its path as seen inside), removed when the session is taken down. */
  scratchDir(label: string): Promise<string>;
  /** Set the chroot up again (after teardown) with other needs: mounts, daemon guard, network. */
  prepare(more: Partial<Pick<SessionOptions, 'mounts' | 'guardDaemons' | 'network' | 'aptWrites' | 'mountPackageCache'>>): Promise<void>;
  /** Undo everything, newest first, and release the lock; safe to call twice. */
  close(): Promise<UndoReport>;
}

/** The policy-rc.d that tells invoke-rc.d (and so every maintainer script) not to start daemons. */
export const denyingPolicyRcD = '#!/bin/sh\n# Installed by ltsp-chroot for the length of a session: no daemons start in a chroot.\nexit 101\n';

// apt inside the session must not wait for the frontend lock we hold on its behalf.
const aptSessionConf = '// Installed by ltsp-chroot for the length of a session, which holds the dpkg locks.\nDebug::NoLocking "true";\n';

/** The host package cache shared by every chroot of the same distribution, release and architecture. */
export function packageCacheDir(cacheDir: string, chroot: Pick<SessionTarget, 'distribution' | 'release' | 'arch'>): string {
  return path.join(cacheDir, 'archives', `${chroot.distribution ?? 'unknown'}-${chroot.release ?? 'unknown'}-${chroot.arch ?? 'unknown'}`);
}

/** Open a session on `chroot`: refuse what cannot run, take the lock, clean a dead run's leftovers, then set up. */
export async function openSession(chroot: SessionTarget, options: SessionOptions): Promise<Session> {
  refuseUnrunnable(chroot, options.allowEmulated);
  const lock = await lockChroot(chroot.path, chroot.name, options.stateDir);
  let journal: Journal | undefined;
  try {
    await cleanupChroot(options.stateDir, chroot.path);
    journal = Journal.create(options.stateDir, chroot.path, chroot.name);
    const extraEnv = await setUp(chroot, options, journal);
    return makeSession(chroot, options, lock, journal, extraEnv);
  } catch (error) {
    if (journal) {
      await undoAndForget(journal);
    }
    lock.release();
    throw error;
  }
}

function refuseUnrunnable(chroot: SessionTarget, allowEmulated: boolean): void {
  if (chroot.run.verdict === 'unsupported') {
    throw new EngineError('unsupported-arch', `${chroot.name} cannot run here: ${chroot.run.reason}`, { chroot: chroot.name });
  }
  if (chroot.run.verdict === 'emulated' && !allowEmulated) {
    throw new EngineError('emulation-not-allowed', `${chroot.name} (${chroot.arch}) would run under emulation; add --allow-emulated to do so`, { chroot: chroot.name });
  }
}

async function setUp(chroot: SessionTarget, options: SessionOptions, journal: Journal): Promise<Record<string, string>> {
  const root = chroot.path;
  if (options.mounts ?? true) {
    for (const spec of standardMounts) await mountInside(root, spec, journal, chroot.name);
  }
  if (options.mountPackageCache) {
    const cache = packageCacheDir(options.cacheDir, chroot);
    await mkdir(path.join(cache, 'partial'), { recursive: true });
    await mountInside(root, bindMount(cache, '/var/cache/apt/archives'), journal, chroot.name);
  }
  if (options.guardDaemons ?? true) await swapIn(root, '/usr/sbin/policy-rc.d', denyingPolicyRcD, 0o755, journal, chroot.name);
  const env: Record<string, string> = {};
  if ((options.aptWrites ?? true) && unsafeInsidePath(root, '/etc/apt') === undefined) {
    // Only this session's processes get the setting (through APT_CONFIG): an apt run
    // outside the session still finds the lock taken, and is told the chroot is busy.
    const inner = `/etc/apt/ltsp-chroot-session-${process.pid}.conf`;
    const own = await readHostFile(path.join(root, 'etc/apt/apt.conf'));
    await createInside(root, inner, `${own === undefined ? '' : '#include "/etc/apt/apt.conf";\n'}${aptSessionConf}`, 0o644, journal, chroot.name);
    env['APT_CONFIG'] = inner;
  }
  const hostResolv = (options.network ?? true) ? await readHostFile('/etc/resolv.conf') : undefined;
  if (hostResolv !== undefined) await swapIn(root, '/etc/resolv.conf', hostResolv, 0o644, journal, chroot.name);
  return options.x11 ? { ...env, ...(await setUpX11(root, chroot.name, options.x11, journal)) } : env;
}

async function setUpX11(root: string, name: string, x11: NonNullable<SessionOptions['x11']>, journal: Journal): Promise<Record<string, string>> {
  const env: Record<string, string> = { DISPLAY: x11.display };
  if (await isDirectory('/tmp/.X11-unix')) {
    const inner = '/tmp/.X11-unix';
    if (!(await isDirectory(path.join(root, inner)))) {
      const why = unsafeInsidePath(root, '/tmp');
      if (why !== undefined) throw new EngineError('unsafe-chroot', `refusing to make ${inner} in ${name}: ${why}`, { chroot: name });
      journal.record({ op: 'mkdir', path: path.join(root, inner) });
      await mkdir(path.join(root, inner), { mode: 0o1777 });
    }
    await mountInside(root, bindMount('/tmp/.X11-unix', inner), journal, name);
  }
  if (x11.xauthority !== undefined) {
    const cookie = await readHostFile(x11.xauthority);
    if (cookie !== undefined) {
      const inner = `/tmp/.ltsp-chroot-Xauthority-${process.pid}`;
      await createInside(root, inner, cookie, 0o600, journal, name);
      env['XAUTHORITY'] = inner;
    }
  }
  return env;
}

function makeSession(chroot: SessionTarget, options: SessionOptions, lock: ChrootLock, journal: Journal, firstEnv: Record<string, string>): Session {
  let extraEnv = firstEnv;
  let closed: Promise<UndoReport> | undefined;
  const teardown = async () => {
    const report = await undoAndForget(journal);
    extraEnv = {};
    return report;
  };
  return {
    chroot,
    commandLine(command, env: Record<string, string> = {}) {
      const full = insideEnv(options.callerEnv ?? process.env, { interactive: options.interactive ?? false, extra: { ...extraEnv, ...env } });
      const chrootArgs = [chroot.path, ...command];
      return chroot.run.personality
        ? { file: 'setarch', args: [chroot.run.personality, 'chroot', ...chrootArgs], env: full }
        : { file: 'chroot', args: chrootArgs, env: full };
    },
    teardown,
    async scratchDir(label) {
      const inner = `/var/tmp/ltsp-chroot-${label}-${process.pid}`;
      const why = unsafeInsidePath(chroot.path, '/var/tmp');
      if (why !== undefined) throw new EngineError('unsafe-chroot', `refusing to make ${inner} in ${chroot.name}: ${why}`, { chroot: chroot.name });
      journal.record({ op: 'tree', path: path.join(chroot.path, inner) });
      await mkdir(path.join(chroot.path, inner));
      return inner;
    },
    async prepare(more) {
      await teardown();
      extraEnv = await setUp(chroot, { ...options, ...more }, journal);
    },
    close() {
      closed ??= (async () => {
        try {
          return await teardown();
        } finally {
          lock.release();
        }
      })();
      return closed;
    },
  };
}

async function undoAndForget(journal: Journal): Promise<UndoReport> {
  const report = await undoEntries(journal.entries);
  // Keep the journal when something could not be undone, so `ltsp-chroot cleanup` can retry.
  if (report.problems.length === 0) journal.reset();
  return report;
}

async function readHostFile(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
