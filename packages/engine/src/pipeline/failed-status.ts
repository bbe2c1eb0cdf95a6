// What a failure does to a chroot's cached status.
import type { DescribedChroot } from '../discover/list-chroots.js';
import { isEngineError } from '../errors/engine-error.js';
import type { ChrootStatus } from '../protocol/status.js';
import { chrootStatus } from './chroot-status.js';

/**
 * The status to record after `error`: the error itself, except for "busy", which says
 * nothing about the chroot (another run holds it and will record its own result).
 */
export function failedStatus(chroot: DescribedChroot, before: ChrootStatus | undefined, error: unknown): ChrootStatus | undefined {
  if (isEngineError(error) && error.code === 'busy') return before;
  return chrootStatus(chroot, before, { error });
}
