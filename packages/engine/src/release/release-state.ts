// Whether a newer release exists for a chroot, and whether the chroot is older than the server itself.
import { compareReleases, nextRelease, readReleases, type ReleaseEntry } from './distro-info.js';
import { releasePrompt } from './release-prompt.js';

export interface ReleaseState {
  /** The release an upgrade would go to, from distro-info-data (the mirror is not asked here). */
  next: { series: string; version: string } | null;
  /** The chroot runs an older release of the server's own distribution. */
  behindServer: boolean;
}

export interface ReleaseOf {
  path: string;
  distribution: string | null;
  release: string | null;
}

const cache = new Map<string, ReleaseEntry[] | undefined>();

function releasesOf(distribution: string): ReleaseEntry[] | undefined {
  if (!cache.has(distribution)) cache.set(distribution, readReleases(distribution));
  return cache.get(distribution);
}

/** The release state of `chroot` on a server running `host`, as of `today` (YYYY-MM-DD). */
export function releaseState(chroot: ReleaseOf, host: Omit<ReleaseOf, 'path'>, today = new Date().toISOString().slice(0, 10)): ReleaseState {
  if (!chroot.distribution || !chroot.release) return { next: null, behindServer: false };
  const releases = releasesOf(chroot.distribution);
  if (!releases) return { next: null, behindServer: false };
  const current = releases.find((entry) => entry.series === chroot.release);
  const next = nextRelease(releases, chroot.release, today, releasePrompt(chroot.path, current, chroot.distribution));
  const behindServer = host.distribution === chroot.distribution && host.release !== null
    && compareReleases(releases, chroot.release, host.release) === -1;
  return { next: next ? { series: next.series, version: next.version } : null, behindServer };
}
