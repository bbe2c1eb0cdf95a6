// One operation per chroot: the chroot's dpkg frontend lock, taken the way apt takes it (fcntl F_SETLK).
import { constants, openSync, closeSync, fstatSync, lstatSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ensureStateDir } from '../status/state-dir.js';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { loadFsExt } from '../fs/fs-ext.js';
import { unsafeInsidePath } from '../fs/inside-root.js';

export interface ChrootLock {
  file: string;
  release(): void;
}

/**
 * Take the chroot's var/lib/dpkg/lock-frontend, or fail at once with `busy` naming the
 * holder. A chroot without a dpkg database gets a lock file in the state dir instead.
 * The kernel drops the lock if we die, so a crash never leaves a chroot locked.
 */
export async function lockChroot(root: string, name: string, stateDir: string): Promise<ChrootLock> {
  return lockFile(await lockFileFor(root, stateDir), name);
}

/**
 * One ltsp-chroot run at a time on the server, through a lock file in the state dir: the
 * system's own dpkg locks stay apt's, which takes them itself on `/` as it always does.
 */
export async function lockServer(name: string, stateDir: string): Promise<ChrootLock> {
  return lockFile(path.join(ensureStateDir(stateDir, 'locks'), 'server.lock'), name);
}

/** Who holds the lock on `file` now (dpkg's lock-frontend: an apt-get, unattended-upgrades, PackageKit), without taking it. */
export function currentHolder(file: string): { pid: number; command: string | undefined } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return undefined;
  }
  try {
    return fstatSync(fd).isFile() ? lockHolder(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

async function lockFile(file: string, name: string): Promise<ChrootLock> {
  // O_NOFOLLOW: a planted symlink must not make us lock (or create) a host file; O_NONBLOCK and
  // the check after: a FIFO or a device planted there must neither hang us nor be locked.
  if (!isRegularOrMissing(file)) {
    throw new EngineError('unsafe-chroot', _f('refusing to lock {name}: {file} is not a regular file; remove it (dpkg makes it again)', { name, file }), { chroot: name });
  }
  const fd = openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY, 0o640);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new EngineError('unsafe-chroot', _f('refusing to lock {name}: {file} is not a regular file; remove it (dpkg makes it again)', { name, file }), { chroot: name });
  }
  try {
    await setWriteLock(fd);
  } catch (error) {
    const holder = lockHolder(fd);
    closeSync(fd);
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN' || (error as NodeJS.ErrnoException).code === 'EACCES') {
      const who = holder === undefined ? _('another process')
        : holder.command ? _f('process {pid} ({command})', { pid: holder.pid, command: holder.command }) : _f('process {pid}', { pid: holder.pid });
      throw new EngineError('busy', _f('{name} is busy: {who} holds {file}; wait for it to finish and try again', { name, who, file }), {
        chroot: name,
        ...(holder === undefined ? {} : { holderPid: holder.pid }),
      });
    }
    throw error;
  }
  return {
    file,
    release: () => closeSync(fd),
  };
}

function isRegularOrMissing(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return true;
  }
}

async function lockFileFor(root: string, stateDir: string): Promise<string> {
  if ((unsafeInsidePath(root, '/var/lib/dpkg')) === undefined) return path.join(root, 'var/lib/dpkg/lock-frontend');
  const dir = ensureStateDir(stateDir, 'locks');
  return path.join(dir, `${createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`);
}

function setWriteLock(fd: number): Promise<void> {
  const ext = loadFsExt();
  return new Promise((resolve, reject) => {
    ext.fcntl(fd, 'setlk', ext.constants.F_WRLCK, (error) => (error ? reject(error) : resolve()));
  });
}

/** Who holds a POSIX lock on the file open as `fd`, from /proc/locks. */
function lockHolder(fd: number): { pid: number; command: string | undefined } | undefined {
  const info = fstatSync(fd);
  const dev = Number(info.dev);
  const major = ((dev >> 8) & 0xfff) | Math.floor(dev / 2 ** 32) & ~0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  const key = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${info.ino}`;
  let locks: string;
  try {
    locks = readFileSync('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of locks.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // "1: POSIX  ADVISORY  WRITE 13255 fe:00:2146449 0 EOF"
    if (fields[1] !== 'POSIX' || fields[5] !== key) continue;
    const pid = Number(fields[4]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let command: string | undefined;
    try {
      command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      command = undefined;
    }
    return { pid, command };
  }
  return undefined;
}
