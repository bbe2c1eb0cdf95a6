import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dpkgNativeArch, nativeArchFromStatus } from '../../src/arch/dpkg-status.js';
import { fixtureText } from '../fixtures/read-fixture.js';

// Stanzas captured from a real i386 bookworm chroot's var/lib/dpkg/status.
const i386Status = fixtureText('dpkg/status-i386');

describe('nativeArchFromStatus', () => {
  it("takes dpkg's own architecture", () => {
    expect(nativeArchFromStatus(i386Status)).toBe('i386');
  });

  it('falls back to any installed arch-specific package, skipping Architecture: all', () => {
    const withoutDpkg = i386Status.replace(/Package: dpkg\n[\s\S]*$/, '');
    expect(withoutDpkg).toContain('Architecture: all');
    expect(nativeArchFromStatus(withoutDpkg)).toBe('i386');
  });

  it('ignores packages that are not installed', () => {
    const removed = i386Status.replaceAll('Status: install ok installed', 'Status: deinstall ok config-files');
    expect(nativeArchFromStatus(removed)).toBeUndefined();
  });

  it('gives nothing for the empty status of a debootstrap first stage', () => {
    expect(nativeArchFromStatus('')).toBeUndefined();
  });
});

describe('dpkgNativeArch', () => {
  it('reads a status file larger than one read chunk', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'dpkg-status-'));
    await mkdir(path.join(root, 'var/lib/dpkg'), { recursive: true });
    const filler = Array.from({ length: 2000 }, (_, i) => `Package: aaa${i}\nStatus: install ok installed\nArchitecture: all\nDescription: ${'x'.repeat(40)}\n`).join('\n');
    await writeFile(path.join(root, 'var/lib/dpkg/status'), `${filler}\n${i386Status}`);
    expect(await dpkgNativeArch(root)).toBe('i386');
  });

  it('gives nothing when there is no dpkg database', async () => {
    expect(await dpkgNativeArch(await mkdtemp(path.join(tmpdir(), 'no-dpkg-')))).toBeUndefined();
  });
});
