// Debian's and Ubuntu's releases, from distro-info-data (/usr/share/distro-info/*.csv), not from a list of our own.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ReleaseEntry {
  version: string;
  /** The name apt uses: bookworm, noble. */
  series: string;
  /** Release date; undefined for testing and development releases. */
  released: string | undefined;
  lts: boolean;
}

export const distroInfoDir = '/usr/share/distro-info';

/** The releases of `distribution` (debian or ubuntu) in their order, or undefined when distro-info-data does not know it. */
export function readReleases(distribution: string, dir = distroInfoDir): ReleaseEntry[] | undefined {
  if (!/^[a-z]+$/.test(distribution)) return undefined;
  try {
    return parseDistroInfo(readFileSync(path.join(dir, `${distribution}.csv`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Parse a distro-info-data CSV: version,codename,series,created,release,eol,… */
export function parseDistroInfo(csv: string): ReleaseEntry[] {
  const [header, ...rows] = csv.trim().split('\n');
  const columns = (header ?? '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return rows.map((row) => {
    const cells = row.split(',');
    const version = cells[at('version')] ?? '';
    return {
      version,
      series: cells[at('series')] ?? '',
      released: cells[at('release')] || undefined,
      lts: /LTS/.test(version),
    };
  });
}

export type PromptSetting = 'lts' | 'normal' | 'never';

/**
 * The release to upgrade `series` to, as of `today`: the next one that has been released
 * (never a testing or development one); for Ubuntu with Prompt=lts, the next LTS.
 */
export function nextRelease(releases: readonly ReleaseEntry[], series: string, today: string, prompt: PromptSetting = 'normal'): ReleaseEntry | undefined {
  if (prompt === 'never') return undefined;
  const current = releases.findIndex((entry) => entry.series === series);
  if (current < 0) return undefined;
  return releases.slice(current + 1).find((entry) => entry.released !== undefined && entry.released <= today && (prompt !== 'lts' || entry.lts));
}

/** -1, 0 or 1 as `a` is older than, the same as or newer than `b` in distro-info's order; undefined when either is unknown. */
export function compareReleases(releases: readonly ReleaseEntry[], a: string, b: string): number | undefined {
  const ia = releases.findIndex((entry) => entry.series === a);
  const ib = releases.findIndex((entry) => entry.series === b);
  if (ia < 0 || ib < 0) return undefined;
  return Math.sign(ia - ib);
}
