// Telling "the chroot's program could not start" from "it ran and failed", on chroot(1)'s real words.
import { describe, expect, it } from 'vitest';
import { cannotStart } from '../../src/apt/apt-in-session.js';

describe('cannotStart', () => {
  it("reads chroot(1)'s own message when the kernel refuses the binary or its loader is missing", () => {
    // Captured with LC_ALL=C on a kernel without IA32 emulation, and on a chroot without its dynamic loader.
    expect(cannotStart(126, "chroot: failed to run command 'apt-get': Exec format error\n")).toBe('Exec format error');
    expect(cannotStart(127, "chroot: failed to run command 'apt-get': No such file or directory\n")).toBe('No such file or directory');
  });

  it('leaves failures of the program itself alone, whatever their exit code', () => {
    expect(cannotStart(127, 'sh: 1: frobnicate: not found\n')).toBeUndefined();
    expect(cannotStart(100, "chroot: failed to run command 'apt-get': Exec format error\n")).toBeUndefined();
    expect(cannotStart(126, '')).toBeUndefined();
  });
});
