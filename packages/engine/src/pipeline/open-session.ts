// Opens the session an operation needs, set up for its first step (session/needs.ts).
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { workStopped } from '../process/stop-work.js';
import { setUpFor, type SessionNeed } from '../session/needs.js';
import { openServerSession } from '../session/server-session.js';
import { openSession, type Session } from '../session/session.js';

/** A session on `chroot` (or the server) with only what `need` calls for; refused once ltsp-chroot was told to stop. */
export async function sessionFor(chroot: DescribedChroot, options: NormalizedOptions, need: SessionNeed): Promise<Session> {
  if (workStopped()) throw new EngineError('cancelled', _f('{chroot} was not touched: ltsp-chroot was told to stop', { chroot: chroot.name }), { chroot: chroot.name });
  const settings = {
    stateDir: options.stateDir,
    cacheDir: options.cacheDir,
    allowEmulated: options.allowEmulated,
    ...setUpFor[need],
    interactive: false,
  };
  return chroot.kind === 'server' ? openServerSession(chroot, settings, need) : openSession(chroot, settings);
}
