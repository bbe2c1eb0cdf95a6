// dpkg-query's package states, read once for the recovery and the release upgrade alike.
import { describe, expect, it } from 'vitest';
import { parsePackageStates } from '../../src/apt/package-states.js';

describe('parsePackageStates', () => {
  it('gives name, version and state, leaving out what is not Debian syntax', () => {
    const text = 'perl-base 5.36.0-7+deb12u3 iHR\nlibc6:amd64 2.36-9+deb12u13 ii \n-oDir=/etc 1.0 ii\nbroken\n';
    expect(parsePackageStates(text)).toEqual([
      { name: 'perl-base', version: '5.36.0-7+deb12u3', status: 'iHR' },
      { name: 'libc6:amd64', version: '2.36-9+deb12u13', status: 'ii' },
    ]);
  });
});
