// The time a single chroot may take in check and refresh: past it, its commands are stopped and
// it is reported on its own, while the other chroots go on (a hook that sleeps, a mirror that
// never answers, a FIFO where apt reads dpkg's status).
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

/** The signal that fires when the chroot's time is up, or undefined for no limit. */
export function chrootLimit(limitMs: number | undefined): AbortSignal | undefined {
  return limitMs === undefined ? undefined : AbortSignal.timeout(limitMs);
}

/** The error for a chroot whose `what` ("check", "refresh") was stopped at its limit, else `error` as it is. */
export function limitError(name: string, what: string, limit: AbortSignal | undefined, limitMs: number | undefined, error: unknown): unknown {
  if (!limit?.aborted || limitMs === undefined) return error;
  return new EngineError('timed-out', _f('{name} was stopped: its {what} took longer than {seconds} seconds (--chroot-timeout); the other chroots went on', { name, what, seconds: Math.round(limitMs / 1000) }), { chroot: name, cause: error });
}
