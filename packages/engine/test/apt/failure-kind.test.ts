// Telling a full disk and an unreachable mirror from other apt failures, on apt's and dpkg's own words.
import { describe, expect, it } from 'vitest';
import { aptReason, commandName, fullDiskLine, networkFailure } from '../../src/apt/apt-in-session.js';
import { failureMessage, knownError } from '../../src/errors/known-error.js';

describe('fullDiskLine', () => {
  it("finds dpkg's ENOSPC line, wherever it is indented", () => {
    const dpkg = [
      'dpkg: error processing archive /var/cache/apt/archives/libc6_2.36-9+deb12u13_amd64.deb (--unpack):',
      " cannot copy extracted data for './usr/lib/x86_64-linux-gnu/libc.so.6' to '/usr/lib/x86_64-linux-gnu/libc.so.6.dpkg-new': failed to write (No space left on device)",
      'E: Sub-process /usr/bin/dpkg returned an error code (1)',
    ].join('\n');
    expect(fullDiskLine(dpkg)).toMatch(/^cannot copy extracted data .*\(No space left on device\)$/);
    expect(fullDiskLine('E: Write error - write (28: No space left on device)')).toBe('Write error - write (28: No space left on device)');
  });

  it('is undefined for other failures', () => {
    expect(fullDiskLine('E: Sub-process /usr/bin/dpkg returned an error code (1)')).toBeUndefined();
  });
});

describe('networkFailure', () => {
  it("is true for apt's words when no mirror answered", () => {
    expect(networkFailure('E: Failed to fetch http://127.0.0.1:9/debian/dists/bookworm/InRelease  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)')).toBe(true);
    expect(networkFailure('W: Failed to fetch http://deb.example/debian/dists/bookworm/InRelease  Temporary failure resolving \'deb.example\'')).toBe(true);
    expect(networkFailure('E: Failed to fetch http://10.0.0.1/pool/p_2.0_all.deb  Error reading from server - read (110: Connection timed out) [IP: 10.0.0.1 80]')).toBe(true);
  });

  it('is false when a mirror answered with an error, or when words only appear in package output', () => {
    expect(networkFailure('E: Failed to fetch http://10.0.0.1/debian/dists/nosuch/InRelease  404  Not Found [IP: 10.0.0.1 80]')).toBe(false);
    expect(networkFailure('Setting up netcat (1.0) ...\nConnection refused is a message this postinst prints')).toBe(false);
  });
});

describe('knownError', () => {
  it('turns a full disk on the host into no-space, naming the path', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/var/lib/ltsp-update/status.json.1.tmp' });
    expect(failureMessage(enospc)).toEqual({ code: 'no-space', message: 'no space left on the disk for /var/lib/ltsp-update/status.json.1.tmp: free some space there and run the same command again' });
  });

  it('leaves other errors to be reported as bugs', () => {
    expect(knownError(new TypeError('x is undefined'))).toBeUndefined();
    expect(failureMessage(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
  });
});

describe('commandName', () => {
  it('names the program and its action, not its options', () => {
    expect(commandName(['apt-get', '-q', '-o', 'APT::Update::Error-Mode=any', 'update'])).toBe('apt-get update');
    expect(commandName(['apt-get', '-q', '-y', '-o', 'Dpkg::Options::=--force-confold', 'dist-upgrade'])).toBe('apt-get dist-upgrade');
    expect(commandName(['dpkg', '--configure', '-a', '--force-confdef'])).toBe('dpkg --configure');
    expect(commandName(['dpkg-query', '-W', '-f', '${Version}'])).toBe('dpkg-query');
  });
});

describe('aptReason', () => {
  it("gives dpkg's own first error when apt only says that dpkg failed", () => {
    const stderr = [
      'dpkg: dependency problems prevent configuration of libpam-modules:amd64:',
      ' libpam-modules:amd64 depends on libpam-modules-bin (= 1.5.2-6+deb12u2); however:',
      'dpkg: error processing package libpam-modules:amd64 (--configure):',
      ' dependency problems - leaving unconfigured',
      'Errors were encountered while processing:',
      ' libpam-modules:amd64',
      'E: Sub-process /usr/bin/dpkg returned an error code (1)',
    ].join('\n');
    expect(aptReason(stderr)).toBe('dpkg: error processing package libpam-modules:amd64 (--configure): dependency problems - leaving unconfigured');
  });

  it("keeps apt's first error otherwise", () => {
    expect(aptReason('W: an aside\nE: Unable to locate package nosuch\nE: later')).toBe('Unable to locate package nosuch');
  });
});
