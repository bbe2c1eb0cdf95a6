// Failures of the host itself that an administrator can fix, told apart from bugs: a full disk
// under the state dir (the status cache, a journal, a lock) is "free some space", not a stack trace.
import { EngineError, isEngineError } from './engine-error.js';
import { _, _f } from '../text/i18n.js';
import type { ErrorCode } from './exit-codes.js';

/** `error` as an EngineError when it is one, or a host failure with a known remedy; else undefined (a bug). */
export function knownError(error: unknown): EngineError | undefined {
  if (isEngineError(error)) return error;
  const failure = error as NodeJS.ErrnoException | undefined;
  if (failure?.code === 'ENOSPC' || failure?.code === 'EDQUOT') {
    const message = failure.path === undefined
      ? _('no space left on the disk: free some space there and run the same command again')
      : _f('no space left on the disk for {file}: free some space there and run the same command again', { file: failure.path });
    return new EngineError('no-space', message, { cause: error });
  }
  return undefined;
}

/** `error` naming `file` when Node did not (a write through an open descriptor names none), so the message can say where. */
export function naming(error: unknown, file: string): unknown {
  const failure = error as NodeJS.ErrnoException | undefined;
  if (failure !== undefined && typeof failure === 'object' && failure.path === undefined) failure.path = file;
  return error;
}

/** The code and one-line reason of a failure, for results, the status cache and stderr (and who holds a busy chroot). */
export function failureMessage(error: unknown): { code: ErrorCode; message: string; holderPid?: number } {
  const known = knownError(error);
  if (known !== undefined) {
    const holder = known.context.holderPid;
    return { code: known.code, message: known.shortMessage, ...(holder === undefined ? {} : { holderPid: holder }) };
  }
  return { code: 'internal', message: String((error as Error)?.message ?? error) };
}
