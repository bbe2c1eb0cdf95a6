import { describe, expect, it } from 'vitest';
import { parseHolds } from '../../src/apt/holds.js';
import { parseStatusLine } from '../../src/apt/status-fd.js';

describe("apt's Status-Fd lines", () => {
  // As apt 2.6 writes them during an upgrade.
  it('reads download and install progress', () => {
    expect(parseStatusLine('dlstatus:3:42.5:Retrieving file 3 of 6')).toEqual({ kind: 'download', percent: 42.5, message: 'Retrieving file 3 of 6' });
    expect(parseStatusLine('pmstatus:libapt-pkg6.0:16.6667:Unpacking libapt-pkg6.0 (amd64)')).toEqual({
      kind: 'install', percent: 16.6667, package: 'libapt-pkg6.0', message: 'Unpacking libapt-pkg6.0 (amd64)',
    });
    expect(parseStatusLine('pmerror:/var/cache/apt/archives/x.deb:50:trying to overwrite y')).toMatchObject({ kind: 'error', message: 'trying to overwrite y' });
  });

  it('ignores what it does not use', () => {
    expect(parseStatusLine("pmconffile:/etc/x:50:'/etc/x' '/etc/x.dpkg-new' 1 1")).toBeUndefined();
    expect(parseStatusLine('media-change: insert disc')).toBeUndefined();
  });
});

describe('held packages from dpkg status', () => {
  it('finds the hold selection, with the architecture for Multi-Arch: same', () => {
    const status = [
      'Package: tzdata\nStatus: hold ok installed\nArchitecture: all\n',
      'Package: libc6\nStatus: hold ok installed\nArchitecture: amd64\nMulti-Arch: same\n',
      'Package: apt\nStatus: install ok installed\nArchitecture: amd64\n',
    ].join('\n');
    expect(parseHolds(status)).toEqual(['libc6:amd64', 'tzdata']);
  });
});
