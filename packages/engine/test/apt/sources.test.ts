import { describe, expect, it } from 'vitest';
import { mirrorFor, parseDeb822Sources, parseOneLineSources } from '../../src/apt/sources.js';

// The shapes Debian 12's installer writes, with the mirror's name replaced.
const deb822 = `Types: deb
# http://snapshot.example/archive/debian/20250520T000000Z
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://mirror.example/debian
Suites: trixie
Components: main
Enabled: no
`;

const oneLine = `deb http://mirror.example/debian bullseye main contrib non-free
# deb http://mirror.example/debian bullseye-backports main
deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://third.example/apt stable main
deb-src http://mirror.example/debian bullseye main
`;

describe('apt sources', () => {
  it('reads deb822 stanzas, with comments and Enabled', () => {
    const entries = parseDeb822Sources(deb822);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ types: ['deb'], uris: ['http://mirror.example/debian'], suites: ['bookworm', 'bookworm-updates'], components: ['main'], enabled: true, format: 'deb822' });
    expect(entries[2]?.enabled).toBe(false);
  });

  it('reads one-line entries with options, skipping comments', () => {
    const entries = parseOneLineSources(oneLine);
    expect(entries.map((entry) => [entry.types[0], entry.uris[0], entry.suites[0]])).toEqual([
      ['deb', 'http://mirror.example/debian', 'bullseye'],
      ['deb', 'http://third.example/apt', 'stable'],
      ['deb-src', 'http://mirror.example/debian', 'bullseye'],
    ]);
    expect(entries[0]?.components).toEqual(['main', 'contrib', 'non-free']);
  });

  it('finds the binary mirror of a suite, and its security mirror', () => {
    const entries = parseDeb822Sources(deb822);
    expect(mirrorFor(entries, 'bookworm')).toBe('http://mirror.example/debian');
    expect(mirrorFor(entries, 'bookworm-security')).toBe('http://mirror.example/debian-security');
    expect(mirrorFor(entries, 'trixie')).toBeUndefined();
  });
});
