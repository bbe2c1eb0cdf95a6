import { describe, expect, it } from 'vitest';
import { binfmtMatches, parseBinfmtEntry } from '../../src/arch/binfmt.js';
import { dashHeader, fixtureText } from '../fixtures/read-fixture.js';

// Entries as Debian's qemu-user-static and python3.11 register them, read from /proc/sys/fs/binfmt_misc.
const aarch64 = parseBinfmtEntry('qemu-aarch64', fixtureText('binfmt/qemu-aarch64'));
const arm = parseBinfmtEntry('qemu-arm', fixtureText('binfmt/qemu-arm'));

describe('parseBinfmtEntry', () => {
  it('reads interpreter, flags, offset, magic and mask', () => {
    expect(aarch64).toMatchObject({
      name: 'qemu-aarch64',
      enabled: true,
      interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
      flags: 'PF',
      offset: 0,
    });
    expect(aarch64?.magic.toString('hex')).toBe('7f454c460201010000000000000000000200b700');
  });

  it('reads an entry without a mask (python bytecode)', () => {
    const python = parseBinfmtEntry('python3.11', fixtureText('binfmt/python3.11'));
    expect(python).toMatchObject({ interpreter: '/usr/bin/python3.11', flags: '', mask: undefined });
  });

  it('skips extension-type entries, which have no magic', () => {
    expect(parseBinfmtEntry('jar', 'enabled\ninterpreter /usr/bin/jexec\nflags: \nextension .jar\n')).toBeUndefined();
  });

  it('notices a disabled entry', () => {
    expect(parseBinfmtEntry('qemu-arm', fixtureText('binfmt/qemu-arm').replace('enabled', 'disabled'))?.enabled).toBe(false);
  });
});

describe('binfmtMatches', () => {
  it('matches the binaries of its own architecture only', () => {
    if (!aarch64 || !arm) throw new Error('fixtures did not parse');
    expect(binfmtMatches(aarch64, dashHeader('arm64'))).toBe(true);
    expect(binfmtMatches(aarch64, dashHeader('amd64'))).toBe(false);
    expect(binfmtMatches(arm, dashHeader('armhf'))).toBe(true);
    expect(binfmtMatches(arm, dashHeader('armel'))).toBe(true);
    expect(binfmtMatches(arm, dashHeader('arm64'))).toBe(false);
  });

  it('does not match a header shorter than the magic', () => {
    if (!aarch64) throw new Error('fixture did not parse');
    expect(binfmtMatches(aarch64, dashHeader('arm64').subarray(0, 10))).toBe(false);
  });
});
