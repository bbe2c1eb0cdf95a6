import { describe, expect, it } from 'vitest';
import { isPackageName, isVersion } from '../../src/apt/debian-syntax.js';
import { terminalSafe } from '../../src/text/terminal-safe.js';

describe('terminalSafe', () => {
  it('replaces escapes, bells, C1 controls and bidi overrides, and keeps lines, tabs and other text', () => {
    expect(terminalSafe('a\u001b[2Jb\u0007c\u009bd\u202ee')).toBe('a?[2Jb?c?d?e');
    expect(terminalSafe('NAME\tRELEASE\nbookworm  Debian — “12” ✓\n')).toBe('NAME\tRELEASE\nbookworm  Debian — “12” ✓\n');
    expect(terminalSafe('\r')).toBe('?');
  });
});

describe("Debian's syntax", () => {
  it('accepts real package names and versions', () => {
    for (const name of ['apt', 'libc6', 'g++', 'linux-image-6.1.0-28-amd64', 'libstdc++6:i386', 'python3.11']) expect(isPackageName(name)).toBe(true);
    for (const version of ['2.6.1', '1:9.18.28-1~deb12u2', '6.1.119-1', '2.36-9+deb12u9', '0.0~git20230101']) expect(isVersion(version)).toBe(true);
  });

  it('refuses what would be an option, a path or shell text', () => {
    for (const name of ['-c/etc/shadow', '--option', 'a', 'Apt', 'foo/../bar', 'x y', 'a;b', '']) expect(isPackageName(name)).toBe(false);
    for (const version of ['-1', '1.0 foo', '1.0/..', '$(id)', '']) expect(isVersion(version)).toBe(false);
  });
});
