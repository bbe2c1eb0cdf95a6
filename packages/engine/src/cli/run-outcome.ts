// The exit code of an operation over several chroots.
import { errorExitCodes, exitCodes, type ErrorCode } from '../errors/exit-codes.js';
import { chrootFailureLine, writeErr } from './output.js';

/** 0 when all went well; a single chroot's own error code; 1 when some of several failed. */
export function exitCodeFor(failedCodes: readonly string[], targets: number): number {
  if (failedCodes.length === 0) return exitCodes.ok;
  const [only] = failedCodes;
  if (targets === 1 && only !== undefined && only in errorExitCodes) return errorExitCodes[only as ErrorCode];
  return exitCodes.partial;
}

/**
 * Say each target's failure on stderr, with --json too (the timer's journal and a terminal show
 * what went wrong without parsing), and give the command's exit code.
 */
export function reportFailures(entries: readonly { chroot: string; error: { code: string; message: string } | null }[]): number {
  const failedCodes: string[] = [];
  for (const entry of entries) {
    if (!entry.error) continue;
    failedCodes.push(entry.error.code);
    writeErr(chrootFailureLine(entry.chroot, entry.error.message));
  }
  return exitCodeFor(failedCodes, entries.length);
}
