// How the CLI speaks: JSON lines on stdout with --json, text otherwise; errors as one line on stderr.
import { protocolVersion } from '../protocol/version.js';
import type { EngineEvent } from '../protocol/events.js';
import { knownError } from '../errors/known-error.js';
import { exitCodes } from '../errors/exit-codes.js';
import { terminalSafe } from '../text/terminal-safe.js';

type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;

/** Print human text on stdout; what came from a chroot cannot drive the terminal. */
export function writeOut(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Print a human message on stderr, made safe the same way. */
export function writeErr(text: string): void {
  process.stderr.write(terminalSafe(text));
}

/** Print one protocol event as a JSON line (JSON escapes control characters itself). */
export function emit(event: Unversioned<EngineEvent>): void {
  process.stdout.write(`${JSON.stringify({ v: protocolVersion, ...event })}\n`);
}

/** Report `error` the way the contract says (a line on stderr, an error event with --json) and give the exit code. */
export function reportError(failure: unknown, json: boolean): number {
  const error = knownError(failure);
  if (error !== undefined) {
    writeErr(`ltsp-chroot: ${error.shortMessage}\n`);
    if (process.env['LTSP_CHROOT_DEBUG'] && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    if (json) {
      emit({
        type: 'error',
        code: error.code,
        message: error.shortMessage,
        exitCode: error.exitCode,
        ...(error.context.chroot === undefined ? {} : { chroot: error.context.chroot }),
        ...(error.context.holderPid === undefined ? {} : { holderPid: error.context.holderPid }),
      });
    }
    return error.exitCode;
  }
  // Not ours: a bug. Say so in one line; the stack only when asked for.
  const message = failure instanceof Error ? failure.message : String(failure);
  writeErr(`ltsp-chroot: internal error: ${message} (set LTSP_CHROOT_DEBUG=1 for details and report it)\n`);
  if (process.env['LTSP_CHROOT_DEBUG'] && failure instanceof Error) process.stderr.write(`${failure.stack}\n`);
  if (json) emit({ type: 'error', code: 'internal', message, exitCode: exitCodes.internal });
  return exitCodes.internal;
}

/** The one stderr line of a chroot's failure: always led by its name, so a journal of several chroots can be searched by it. */
export function chrootFailureLine(chroot: string, message: string): string {
  return `ltsp-chroot: ${chroot}: ${message}\n`;
}
