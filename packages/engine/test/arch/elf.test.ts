import { describe, expect, it } from 'vitest';
import { elfIdentity } from '../../src/arch/elf.js';
import { dashHeader } from '../fixtures/read-fixture.js';

describe('elfIdentity', () => {
  // The headers are those of Debian's own dash package for each architecture.
  it.each([
    ['amd64', 64, true],
    ['i386', 32, true],
    ['arm64', 64, true],
    ['armhf', 32, true],
    ['armel', 32, true],
    ['ppc64el', 64, true],
    ['s390x', 64, false],
    ['riscv64', 64, true],
  ] as const)('names %s from its dash binary', (arch, bits, littleEndian) => {
    expect(elfIdentity(dashHeader(arch))).toMatchObject({ arch, bits, littleEndian });
  });

  it('tells armhf from armel by the hard-float flag alone', () => {
    const armhf = dashHeader('armhf');
    const armel = dashHeader('armel');
    expect(armhf.readUInt16LE(18)).toBe(armel.readUInt16LE(18));
    expect(elfIdentity(armhf)?.arch).not.toBe(elfIdentity(armel)?.arch);
  });

  it('rejects what is not ELF, or too short to say', () => {
    expect(elfIdentity(Buffer.from('#!/bin/sh\necho not a binary\n'.padEnd(64)))).toBeUndefined();
    expect(elfIdentity(dashHeader('amd64').subarray(0, 20))).toBeUndefined();
  });

  it('leaves the architecture unnamed for a machine Debian has no port for', () => {
    const header = Buffer.from(dashHeader('amd64'));
    header.writeUInt16LE(0xbeef, 18);
    expect(elfIdentity(header)).toMatchObject({ arch: undefined, machine: 0xbeef });
  });
});
