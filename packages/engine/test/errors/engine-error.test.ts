import { describe, expect, it } from 'vitest';
import { EngineError, isEngineError } from '../../src/errors/engine-error.js';
import { errorExitCodes } from '../../src/errors/exit-codes.js';

describe('EngineError', () => {
  it('maps its code to an exit code and keeps a one-line message apart from the details', () => {
    const cause = new Error('EAGAIN');
    const error = new EngineError('busy', 'x is busy', { chroot: 'x', holderPid: 42, command: 'mount', stderrTail: 'detail', cause });
    expect(error.exitCode).toBe(75);
    expect(error.shortMessage).toBe('x is busy');
    expect(error.message).toBe('x is busy\ncommand: mount\ndetail');
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'busy', message: 'x is busy', chroot: 'x', holderPid: 42, command: 'mount', stderrTail: 'detail' });
    expect(isEngineError(error)).toBe(true);
    expect(isEngineError(new Error('x'))).toBe(false);
  });

  it('gives every kind of failure its own exit code, apart from bad usage', () => {
    const { usage: _usage, ...rest } = errorExitCodes;
    const codes = Object.values(rest);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain(0);
    expect(codes).not.toContain(1);
  });
});
