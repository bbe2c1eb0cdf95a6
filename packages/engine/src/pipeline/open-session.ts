// Opens the session an operation needs, with a shared package cache when apt will fetch or read packages.
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { workStopped } from '../process/run.js';
import { openSession, type Session } from '../session/session.js';

/** What an operation does inside: reading apt's data, fetching from the network, or installing. */
export type SessionNeed = 'read' | 'fetch' | 'install';

/**
 * A session on `chroot` with only what `need` calls for: installing runs maintainer scripts
 * (no daemons), fetching needs the network, reading needs neither and gets no network at all.
 */
export async function sessionFor(chroot: DescribedChroot, options: NormalizedOptions, need: SessionNeed): Promise<Session> {
  if (workStopped()) throw new EngineError('cancelled', `${chroot.name} was not touched: ltsp-chroot was told to stop`, { chroot: chroot.name });
  return openSession(chroot, {
    stateDir: options.stateDir,
    cacheDir: options.cacheDir,
    allowEmulated: options.allowEmulated,
    mountPackageCache: need !== 'read',
    aptWrites: need !== 'read',
    guardDaemons: need === 'install',
    network: need !== 'read',
    interactive: false,
  });
}
