import { errorExitCodes, type ErrorCode } from './exit-codes.js';

/** What an EngineError carries besides its message; every field crosses the CLI → GUI boundary as JSON. */
export interface EngineErrorContext {
  chroot?: string;
  step?: string;
  command?: string;
  exitCode?: number;
  stderrTail?: string;
  durationMs?: number;
  /** PID of the process that holds a lock, for `busy`. */
  holderPid?: number;
  cause?: unknown;
}

const brand = Symbol.for('ltsp-update.EngineError');

/**
 * The one error type of the engine: a `code` that maps to an exit code, a one-line
 * `shortMessage` that says what to do (for stderr, toasts and notifications) and the
 * context of where it happened.
 */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly context: Omit<EngineErrorContext, 'cause'>;
  readonly [brand] = true;

  constructor(code: ErrorCode, shortMessage: string, context: EngineErrorContext = {}) {
    const { cause, ...rest } = context;
    super(detailedMessage(shortMessage, rest), cause === undefined ? undefined : { cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.context = rest;
  }

  /** The process exit code the CLI uses for this error. */
  get exitCode(): number {
    return errorExitCodes[this.code];
  }

  toJSON(): { code: ErrorCode; message: string } & Omit<EngineErrorContext, 'cause'> {
    return { code: this.code, message: this.shortMessage, ...this.context };
  }
}

Object.defineProperty(EngineError.prototype, 'name', { value: 'EngineError', enumerable: false });

/** True for an EngineError, even one made by another copy of this module. */
export function isEngineError(value: unknown): value is EngineError {
  return typeof value === 'object' && value !== null && brand in value;
}

function detailedMessage(shortMessage: string, context: Omit<EngineErrorContext, 'cause'>): string {
  const lines = [shortMessage];
  if (context.command !== undefined) lines.push(`command: ${context.command}`);
  if (context.exitCode !== undefined) lines.push(`exit code: ${context.exitCode}`);
  if (context.stderrTail) lines.push(context.stderrTail);
  return lines.join('\n');
}
