// fs-ext, the native addon for the locks Node.js lacks (fcntl record locks, flock), loaded only when a lock is taken.
import { createRequire } from 'node:module';

export interface FsExt {
  fcntl(fd: number, cmd: 'setlk', arg: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
  flock(fd: number, flags: 'ex' | 'exnb' | 'un', callback: (error: NodeJS.ErrnoException | null) => void): void;
  constants: { F_WRLCK: number };
}

let fsExt: FsExt | undefined;

/** The addon, loaded on first use so that commands which take no lock start faster. */
export function loadFsExt(): FsExt {
  fsExt ??= createRequire(import.meta.url)('fs-ext') as FsExt;
  return fsExt;
}
