// A session in a chroot: lock, daemon guard and resolv.conf, all journaled, all undone by close();
// every command runs confined (confine.ts), so nothing a session mounts is ever seen by the host.
import { readX11Cookie } from './x11-cookie.js';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { regularFileInside, unsafeInsidePath } from '../fs/inside-root.js';
import type { HostVerdict } from '../arch/host-verdict.js';
import { cleanupChroot } from './cleanup.js';
import { insideEnv } from './inside-env.js';
import { Journal } from './journal.js';
import { lockChroot, type ChrootLock } from './lock.js';
import { confinedCommand, requireConfinementTools, type Bind } from './confine.js';
import { createInside, swapIn } from './file-swap.js';
import { followNeeds, type SessionNeed, type SetUp } from './needs.js';
import { undoEntries, type UndoReport } from './undo.js';
import { packageCacheDir } from './package-cache.js';

export interface SessionTarget {
  /** The server itself, or (left out) a chroot. */
  kind?: 'server' | 'chroot';
  name: string;
  path: string;
  arch: string | null;
  release: string | null;
  distribution: string | null;
  run: HostVerdict;
}

/** The set-up to start with (needs.ts): the pipelines pass `setUpFor[need]`; left out, the daemon guard, the network and apt's writes are on and the package cache off. */
export interface SessionOptions extends Partial<SetUp> {
  stateDir: string;
  cacheDir: string;
  allowEmulated: boolean;
  /** Let graphical programs reach the caller's X display. */
  /** The caller's display; `callerUid` (under pkexec) must own the cookie file. */
  x11?: { display: string; xauthority: string | undefined; callerUid?: number };
  interactive?: boolean;
  callerEnv?: NodeJS.ProcessEnv;
}

export interface Session {
  readonly chroot: SessionTarget;
  /** The confined host command line that runs `command` inside; `env` adds to the session's. */
  commandLine(command: readonly string[], env?: Record<string, string>, io?: { statusFd?: boolean }): { file: string; args: string[]; env: Record<string, string> };
  /** A scratch folder inside the chroot (its path as seen inside), removed when the set-up is next undone. */
  scratchDir(label: string): Promise<string>;
  /**
   * Set the chroot up for `need`, keeping the lock: what is in place is undone and the new set-up
   * made only when the two differ (`lock` takes everything down, for LTSP's own steps).
   */
  need(need: SessionNeed): Promise<void>;
  /** Undo everything, newest first, and release the lock; safe to call twice. */
  close(): Promise<UndoReport>;
  /** How to stop a command of this session when told to; left out: the confined run's way (apt-in-session.ts). */
  stop?: (pid: number, ended: Promise<void>) => void;
}

/** The policy-rc.d that tells invoke-rc.d (and so every maintainer script) not to start daemons. */
export const denyingPolicyRcD = '#!/bin/sh\n# Installed by ltsp-chroot for the length of a session: no daemons start in a chroot.\nexit 101\n';

// apt inside the session must not wait for the frontend lock we hold on its behalf.
const aptSessionConf = '// Installed by ltsp-chroot for the length of a session, which holds the dpkg locks.\nDebug::NoLocking "true";\n';

/** Open a session on `chroot`: refuse what cannot run, take the lock, clean a dead run's leftovers, then set up. */
export async function openSession(chroot: SessionTarget, options: SessionOptions): Promise<Session> {
  refuseUnrunnable(chroot, options.allowEmulated);
  requireConfinementTools(chroot.name);
  const lock = await lockChroot(chroot.path, chroot.name, options.stateDir);
  let journal: Journal | undefined;
  try {
    await cleanupChroot(options.stateDir, chroot.path);
    journal = Journal.create(options.stateDir, chroot.path, chroot.name);
    const settled = { ...options, ...setUpOf(options) };
    const prepared = await setUp(chroot, settled, journal);
    return makeSession(chroot, settled, lock, journal, prepared);
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
    throw new EngineError('unsupported-arch', _f('{chroot} cannot run here: {reason}', { chroot: chroot.name, reason: chroot.run.reason }), { chroot: chroot.name });
  }
  if (chroot.run.verdict === 'emulated' && !allowEmulated) {
    throw new EngineError('emulation-not-allowed', _f('{chroot} ({arch}) would run under emulation; add --allow-emulated to do so', { chroot: chroot.name, arch: chroot.arch }), { chroot: chroot.name });
  }
}

/** The options with the set-up's defaults filled in. */
type Settled = SessionOptions & SetUp;

/** What the session puts in place: the commands' environment and the host folders they see. */
interface Prepared {
  env: Record<string, string>;
  binds: Bind[];
}

// Where nspawn mounts its own /proc, /sys and /dev. It resolves them inside the chroot, but a
// symlink there (a broken or hostile tree, or debootstrap's first stage) is refused all the same:
// the administrator is told, rather than nspawn making folders where the link points.
const containerMountPoints = ['/proc', '/sys', '/dev'];

function refuseUnsafeMountPoint(root: string, inner: string, what: string, name: string): void {
  const why = unsafeInsidePath(root, inner);
  if (why !== undefined) {
    throw new EngineError('unsafe-chroot', _f('refusing to mount {what} in {name}: {why}; make it a real directory inside the chroot', { what, name, why }), { chroot: name, step: 'mount' });
  }
}

async function setUp(chroot: SessionTarget, options: Settled, journal: Journal): Promise<Prepared> {
  const root = chroot.path;
  for (const inner of containerMountPoints) refuseUnsafeMountPoint(root, inner, inner.slice(1), chroot.name);
  const binds: Bind[] = [];
  if (options.mountPackageCache) {
    refuseUnsafeMountPoint(root, '/var/cache/apt/archives', 'the package cache', chroot.name);
    const cache = packageCacheDir(options.cacheDir, chroot);
    await mkdir(path.join(cache, 'partial'), { recursive: true });
    binds.push({ source: cache, inner: '/var/cache/apt/archives', readOnly: false });
  }
  if (options.guardDaemons) await swapIn(root, '/usr/sbin/policy-rc.d', denyingPolicyRcD, 0o755, journal, chroot.name);
  const env: Record<string, string> = {};
  if (options.aptWrites && unsafeInsidePath(root, '/etc/apt') === undefined) {
    // Only this session's processes get the setting (through APT_CONFIG): an apt run
    // outside the session still finds the lock taken, and is told the chroot is busy.
    const inner = `/etc/apt/ltsp-chroot-session-${process.pid}.conf`;
    // Only whether the chroot has one matters: apt inside reads it itself.
    const own = regularFileInside(root, '/etc/apt/apt.conf');
    await createInside(root, inner, `${own === undefined ? '' : '#include "/etc/apt/apt.conf";\n'}${aptSessionConf}`, 0o644, journal, chroot.name);
    env['APT_CONFIG'] = inner;
  }
  const hostResolv = options.network ? await readHostFile('/etc/resolv.conf') : undefined;
  if (hostResolv !== undefined) await swapIn(root, '/etc/resolv.conf', hostResolv, 0o644, journal, chroot.name);
  if (options.x11) {
    const x11 = await setUpX11(root, chroot.name, options.x11, journal);
    return { env: { ...env, ...x11.env }, binds: [...binds, ...x11.binds] };
  }
  return { env, binds };
}

async function setUpX11(root: string, name: string, x11: NonNullable<SessionOptions['x11']>, journal: Journal): Promise<Prepared> {
  const env: Record<string, string> = { DISPLAY: x11.display };
  const binds: Bind[] = [];
  if (await isDirectory('/tmp/.X11-unix')) {
    const inner = '/tmp/.X11-unix';
    // nspawn would make the mount point itself and leave it: make it here, journaled, so it goes.
    if (!(await isDirectory(path.join(root, inner)))) {
      const why = unsafeInsidePath(root, '/tmp');
      if (why !== undefined) throw new EngineError('unsafe-chroot', _f('refusing to make {inner} in {name}: {why}', { inner, name, why }), { chroot: name });
      journal.record({ op: 'mkdir', path: path.join(root, inner) });
      await mkdir(path.join(root, inner), { mode: 0o1777 });
    }
    binds.push({ source: '/tmp/.X11-unix', inner, readOnly: true });
  }
  if (x11.xauthority !== undefined) {
    const cookie = readX11Cookie(x11.xauthority, x11.callerUid);
    if (cookie !== undefined) {
      const inner = `/tmp/.ltsp-chroot-Xauthority-${process.pid}`;
      await createInside(root, inner, cookie, 0o600, journal, name);
      env['XAUTHORITY'] = inner;
    }
  }
  return { env, binds };
}

function makeSession(chroot: SessionTarget, options: Settled, lock: ChrootLock, journal: Journal, first: Prepared): Session {
  let prepared = first;
  let closed: Promise<UndoReport> | undefined;
  const teardown = async () => {
    const report = await undoAndForget(journal);
    prepared = { env: {}, binds: [] };
    return report;
  };
  // What is left undone here stays in the journal, for close() and `ltsp-chroot cleanup` to retry.
  const need = followNeeds(options, async (next) => {
    await teardown();
    options = { ...options, ...next };
    prepared = await setUp(chroot, options, journal);
  });
  return {
    chroot,
    commandLine(command, env: Record<string, string> = {}, io = {}) {
      const interactive = options.interactive ?? false;
      return confinedCommand({
        root: chroot.path,
        name: chroot.name,
        personality: chroot.run.personality,
        network: options.network,
        binds: prepared.binds,
        env: insideEnv(options.callerEnv ?? process.env, { interactive, extra: { ...prepared.env, ...env } }),
        terminal: interactive && Boolean(process.stdin.isTTY),
        statusFd: io.statusFd ?? false,
      }, command);
    },
    async scratchDir(label) {
      const inner = `/var/tmp/ltsp-chroot-${label}-${process.pid}`;
      const why = unsafeInsidePath(chroot.path, '/var/tmp');
      if (why !== undefined) throw new EngineError('unsafe-chroot', _f('refusing to make {inner} in {chroot}: {why}', { inner, chroot: chroot.name, why }), { chroot: chroot.name });
      journal.record({ op: 'tree', path: path.join(chroot.path, inner) });
      await mkdir(path.join(chroot.path, inner));
      return inner;
    },
    need,
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

/** The set-up `options` ask for, with the defaults filled in. */
function setUpOf(options: SessionOptions): SetUp {
  return {
    mountPackageCache: options.mountPackageCache ?? false,
    aptWrites: options.aptWrites ?? true,
    guardDaemons: options.guardDaemons ?? true,
    network: options.network ?? true,
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
