// Opens the session an operation needs, with a shared package cache when apt will fetch or read packages.
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { openSession, type Session } from '../session/session.js';

/** A session on `chroot`: `mounts` for operations that run maintainer scripts (install), none for reading and downloading. */
export function sessionFor(chroot: DescribedChroot, options: NormalizedOptions, mounts: boolean): Promise<Session> {
  return openSession(chroot, {
    stateDir: options.stateDir,
    cacheDir: options.cacheDir,
    allowEmulated: options.allowEmulated,
    mountPackageCache: true,
    mounts,
    interactive: false,
  });
}
