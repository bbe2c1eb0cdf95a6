// The exit code of an operation over several chroots.
import { isEngineError } from '../errors/engine-error.js';
import { errorExitCodes, exitCodes, type ErrorCode } from '../errors/exit-codes.js';

/** 0 when all went well; a single chroot's own error code; 1 when some of several failed. */
export function exitCodeFor(failedCodes: readonly string[], targets: number): number {
  if (failedCodes.length === 0) return exitCodes.ok;
  const [only] = failedCodes;
  if (targets === 1 && only !== undefined && only in errorExitCodes) return errorExitCodes[only as ErrorCode];
  return exitCodes.partial;
}

/** The one-line reason of a failure, for the result and for stderr. */
export function failureMessage(error: unknown): { code: string; message: string } {
  if (isEngineError(error)) return { code: error.code, message: error.shortMessage };
  return { code: 'internal', message: String((error as Error)?.message ?? error) };
}
