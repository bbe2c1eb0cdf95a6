// The exit code of an operation over several chroots.
import { errorExitCodes, exitCodes, type ErrorCode } from '../errors/exit-codes.js';

/** 0 when all went well; a single chroot's own error code; 1 when some of several failed. */
export function exitCodeFor(failedCodes: readonly string[], targets: number): number {
  if (failedCodes.length === 0) return exitCodes.ok;
  const [only] = failedCodes;
  if (targets === 1 && only !== undefined && only in errorExitCodes) return errorExitCodes[only as ErrorCode];
  return exitCodes.partial;
}
