import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReleases, nextRelease, parseDistroInfo, readReleases } from '../../src/release/distro-info.js';
import { releasePrompt } from '../../src/release/release-prompt.js';
import { parseDiskDelta } from '../../src/release/probe.js';

// Debian's real data, as distro-info-data installs it.
const debian = readReleases('debian');
const ubuntu = parseDistroInfo([
  'version,codename,series,created,release,eol,eol-server,eol-esm',
  '22.04 LTS,Jammy Jellyfish,jammy,2021-10-14,2022-04-21,2027-06-01,2027-06-01,2032-04-21',
  '23.10,Mantic Minotaur,mantic,2023-04-20,2023-10-12,2024-07-11',
  '24.04 LTS,Noble Numbat,noble,2023-10-12,2024-04-25,2029-05-31,2029-05-31,2034-04-25',
  '24.10,Oracular Oriole,oracular,2024-04-25,2024-10-10,2025-07-10',
  '26.04 LTS,Resolute Raccoon,resolute,2025-10-09,2026-04-23,2031-05-29',
].join('\n'));

describe('distro-info-data', () => {
  it('knows Debian from the installed CSV', () => {
    expect(debian?.find((entry) => entry.series === 'bookworm')).toMatchObject({ version: '12', released: '2023-06-10' });
  });

  it('offers the next released Debian release, never testing', () => {
    if (!debian) throw new Error('distro-info-data is not installed');
    expect(nextRelease(debian, 'bullseye', '2026-11-26')?.series).toBe('bookworm');
    expect(nextRelease(debian, 'bookworm', '2026-11-26')?.series).toBe('trixie');
    expect(nextRelease(debian, 'bookworm', '2025-01-01')).toBeUndefined();
    expect(nextRelease(debian, 'trixie', '2026-11-26')).toBeUndefined();
    expect(compareReleases(debian, 'bullseye', 'bookworm')).toBe(-1);
    expect(compareReleases(debian, 'nonesuch', 'bookworm')).toBeUndefined();
  });

  it("follows Ubuntu's Prompt setting: the next LTS, the next release, or none", () => {
    expect(nextRelease(ubuntu, 'jammy', '2026-11-26', 'lts')?.series).toBe('noble');
    expect(nextRelease(ubuntu, 'jammy', '2026-11-26', 'normal')?.series).toBe('mantic');
    expect(nextRelease(ubuntu, 'jammy', '2026-11-26', 'never')).toBeUndefined();
    expect(nextRelease(ubuntu, 'noble', '2026-11-26', 'lts')?.series).toBe('resolute');
  });

  it("reads Prompt= from the chroot, defaulting to lts on an LTS release", async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'prompt-'));
    const jammy = ubuntu[0];
    expect(releasePrompt(root, jammy, 'ubuntu')).toBe('lts');
    expect(releasePrompt(root, ubuntu[1], 'ubuntu')).toBe('normal');
    await mkdir(path.join(root, 'etc/update-manager'), { recursive: true });
    await writeFile(path.join(root, 'etc/update-manager/release-upgrades'), '[DEFAULT]\n# comment\nPrompt=never\n');
    expect(releasePrompt(root, jammy, 'ubuntu')).toBe('never');
    expect(releasePrompt(root, jammy, 'debian')).toBe('normal');
  });
});

describe("apt's disk-space line", () => {
  it('reads what the upgrade adds or frees', () => {
    expect(parseDiskDelta('After this operation, 62.5 MB of additional disk space will be used.')).toBe(62_500_000);
    expect(parseDiskDelta('After this operation, 1,024 kB disk space will be freed.')).toBe(-1_024_000);
    expect(parseDiskDelta('0 upgraded, 0 newly installed.')).toBe(0);
  });
});
