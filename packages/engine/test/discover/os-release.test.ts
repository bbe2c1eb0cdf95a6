import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsRelease, readOsRelease } from '../../src/discover/os-release.js';
import { fixtureText } from '../fixtures/read-fixture.js';

describe('parseOsRelease', () => {
  it("reads Debian 12's os-release", () => {
    const fields = parseOsRelease(fixtureText('os-release-debian-bookworm'));
    expect(fields).toMatchObject({ ID: 'debian', VERSION_ID: '12', VERSION_CODENAME: 'bookworm', PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it('unquotes the way os-release(5) says, and never expands anything', () => {
    const fields = parseOsRelease('A="quoted \\"word\\" \\$HOME"\nB=\'single $HOME\'\nC=plain\\ word\n# comment\nnot an assignment\nD=$(reboot)\n');
    expect(fields).toEqual({ A: 'quoted "word" $HOME', B: 'single $HOME', C: 'plain word', D: '$(reboot)' });
  });
});

describe('readOsRelease', () => {
  it('follows etc/os-release as the chroot sees it (an absolute link stays inside)', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'os-release-'));
    await mkdir(path.join(root, 'etc'));
    await mkdir(path.join(root, 'usr/lib'), { recursive: true });
    await writeFile(path.join(root, 'usr/lib/os-release'), 'ID=ubuntu\nVERSION_ID="24.04"\nVERSION_CODENAME=noble\nUBUNTU_CODENAME=noble\n');
    await symlink('/usr/lib/os-release', path.join(root, 'etc/os-release'));
    expect(await readOsRelease(root)).toEqual({ id: 'ubuntu', versionId: '24.04', codename: 'noble' });
  });

  it('takes the codename from VERSION when there is no VERSION_CODENAME', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'os-release-'));
    await mkdir(path.join(root, 'etc'));
    await writeFile(path.join(root, 'etc/os-release'), 'ID=debian\nVERSION="8 (jessie)"\n');
    expect((await readOsRelease(root)).codename).toBe('jessie');
  });

  it('gives nothing for a tree without os-release', async () => {
    expect(await readOsRelease(await mkdtemp(path.join(tmpdir(), 'os-release-')))).toEqual({});
  });
});
