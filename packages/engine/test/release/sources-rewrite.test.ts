import { describe, expect, it } from 'vitest';
import { rewriteDeb822, rewriteOneLine, type RewriteRules } from '../../src/release/sources-rewrite.js';

const debian = 'http://mirror.example/debian';
const security = 'http://mirror.example/debian-security';

const rules = (from: string, to: string, extra: Partial<RewriteRules> = {}): RewriteRules => ({
  from, to, distribution: 'debian', distributionUris: new Set([debian, security]), withBackports: false, addNonFreeFirmware: to !== 'bullseye', ...extra,
});

describe('one-line sources', () => {
  it('moves the release and its pockets, the old security layout included, and adds non-free-firmware', () => {
    const text = [
      `deb ${debian} bullseye main contrib non-free`,
      `deb-src ${debian} bullseye main`,
      `deb ${debian}/ bullseye-updates main`,
      `deb ${security} bullseye-security main`,
      `deb ${security} buster/updates main`,
      '',
    ].join('\n');
    const result = rewriteOneLine(text, rules('bullseye', 'bookworm'));
    expect(result.text.split('\n').slice(0, 4)).toEqual([
      `deb ${debian} bookworm main contrib non-free non-free-firmware`,
      `deb-src ${debian} bookworm main`,
      `deb ${debian}/ bookworm-updates main`,
      `deb ${security} bookworm-security main`,
    ]);
    // buster/updates belongs to no release we are moving from: left out.
    expect(result.disabled).toEqual([`${security} buster/updates`]);
    expect(rewriteOneLine(`deb ${security} buster/updates main`, rules('buster', 'bullseye')).text).toBe(`deb ${security} bullseye-security main`);
  });

  it('disables third-party entries and backports, and keeps comments and options', () => {
    const text = [
      '# my sources',
      `deb [arch=amd64] ${debian} bookworm main`,
      `deb ${debian} bookworm-backports main`,
      'deb [signed-by=/usr/share/keyrings/x.gpg] http://third.example/apt bookworm stable',
      'deb http://ppa.example/ltsp stable main',
    ].join('\n');
    const result = rewriteOneLine(text, rules('bookworm', 'trixie'));
    const lines = result.text.split('\n');
    expect(lines[0]).toBe('# my sources');
    expect(lines[1]).toBe(`deb [arch=amd64] ${debian} trixie main`);
    expect(lines[2]).toBe(`# deb ${debian} bookworm-backports main  # disabled by ltsp-chroot release-upgrade to trixie`);
    expect(lines[3]).toMatch(/^# deb \[signed-by=.*\] http:\/\/third\.example\/apt bookworm stable {2}# disabled/);
    expect(lines[4]).toMatch(/^# deb http:\/\/ppa\.example\/ltsp stable main/);
    expect(result.disabled).toEqual([`${debian} bookworm-backports`, 'http://third.example/apt bookworm', 'http://ppa.example/ltsp stable']);
    expect(rewriteOneLine(`deb ${debian} bookworm-backports main`, rules('bookworm', 'trixie', { withBackports: true })).text).toBe(`deb ${debian} trixie-backports main`);
  });
});

describe('deb822 sources', () => {
  it('rewrites Suites in place, and turns off what is not the distribution', () => {
    const text = [
      'Types: deb',
      `URIs: ${debian}`,
      'Suites: bookworm bookworm-updates bookworm-backports',
      'Components: main non-free',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
      '',
      'Types: deb',
      `URIs: ${security}`,
      'Suites: bookworm-security',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://third.example/apt',
      'Suites: bookworm',
      'Components: stable',
      '',
    ].join('\n');
    const result = rewriteDeb822(text, rules('bookworm', 'trixie'));
    expect(result.text).toContain('Suites: trixie trixie-updates\nComponents: main non-free non-free-firmware\nSigned-By');
    expect(result.text).toContain('Suites: trixie-security');
    expect(result.text).toMatch(/URIs: http:\/\/third\.example\/apt\nSuites: bookworm\nComponents: stable\n# disabled by ltsp-chroot release-upgrade to trixie\nEnabled: no/);
    expect(result.disabled).toEqual([`${debian} bookworm-backports`, 'http://third.example/apt bookworm']);
  });

  it('leaves a stanza that was already disabled alone', () => {
    const text = `Types: deb\nURIs: http://third.example/apt\nSuites: bookworm\nComponents: x\nEnabled: no\n`;
    expect(rewriteDeb822(text, rules('bookworm', 'trixie'))).toEqual({ text, disabled: [], changed: false });
  });
});
