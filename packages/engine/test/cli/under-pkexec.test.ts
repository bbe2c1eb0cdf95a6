// Under pkexec the engine takes only the command lines the update windows send.
import { describe, expect, it } from 'vitest';
import { refuseUnderPkexec } from '../../src/cli/under-pkexec.js';

describe('refuseUnderPkexec', () => {
  it("lets the windows' own command lines through", () => {
    for (const argv of [
      ['check', '--all', '--json'],
      ['refresh', '--all', '--json'],
      ['upgrade', '--yes', 'bookworm', 'i386', '--json'],
      ['release-upgrade', '--yes', '--to', 'trixie', '--snapshot', 'bookworm', '--json'],
      ['release-upgrade', '--yes', '--to=trixie', 'bookworm', '--json'],
      ['rollback', 'bookworm', '--json'],
      ['upgrade', '--all', '--language', 'el', '--json'],
      ['check', '--all', '--language=ca_ES', '--json'],
    ]) expect(() => refuseUnderPkexec(argv)).not.toThrow();
  });

  it('refuses exec, cleanup and every command the windows never send', () => {
    expect(() => refuseUnderPkexec(['exec', 'bookworm', '--', 'sh'])).toThrow('ltsp-chroot exec cannot be asked for through pkexec: run it as root (sudo ltsp-chroot …)');
    expect(() => refuseUnderPkexec(['cleanup'])).toThrow(/cleanup cannot be asked for through pkexec/);
    expect(() => refuseUnderPkexec([])).toThrow(/^ltsp-chroot cannot be asked for through pkexec/);
  });

  it('refuses options of the caller choosing, state and cache dirs above all', () => {
    expect(() => refuseUnderPkexec(['check', '--all', '--state-dir', '/tmp/mine'])).toThrow('--state-dir is not accepted through pkexec with check: run ltsp-chroot as root for that');
    expect(() => refuseUnderPkexec(['upgrade', '--yes', '--cache-dir=/tmp/x', 'bookworm'])).toThrow(/--cache-dir is not accepted/);
    expect(() => refuseUnderPkexec(['upgrade', '--base-dir', '/home/me', 'bookworm'])).toThrow(/--base-dir is not accepted/);
    expect(() => refuseUnderPkexec(['refresh', '--all', '--json=yes'])).toThrow(/--json is not accepted/);
    expect(() => refuseUnderPkexec(['check', '--', '--all'])).toThrow(/-- is not accepted/);
    // "Roll back" goes to the version before: a version of the caller's choosing is not the windows'.
    expect(() => refuseUnderPkexec(['rollback', '--to', '20261202T091000Z', 'bookworm', '--json'])).toThrow('--to is not accepted through pkexec with rollback: run ltsp-chroot as root for that');
  });

  it('refuses publishing and listing images, which no window asks for', () => {
    expect(() => refuseUnderPkexec(['publish', 'bookworm', '--json'])).toThrow(/^ltsp-chroot publish cannot be asked for through pkexec/);
    expect(() => refuseUnderPkexec(['images', 'bookworm', '--json'])).toThrow(/^ltsp-chroot images cannot be asked for through pkexec/);
  });
});
