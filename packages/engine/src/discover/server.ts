// The server itself as a target beside its chroots: described from its own files, the way a chroot
// is, so every command, event and status entry treats the two alike (kind tells them apart).
import { lstatSync } from 'node:fs';
import { hostArch } from '../arch/host-arch.js';
import { releaseState } from '../release/release-state.js';
import type { DescribedChroot } from './list-chroots.js';
import { readOsRelease } from './os-release.js';

/** The server's name in events and the status cache; a chroot can share it, never its kind or its path. */
export const serverName = 'server';

/** The server: apt runs on `/`; it boots from its own disk, so it has no LTSP image or TFTP kernel of its own. */
export async function describeServer(now = Date.now()): Promise<DescribedChroot> {
  const [release, arch] = await Promise.all([readOsRelease('/'), hostArch()]);
  const reason = 'the server itself';
  const distribution = release.id ?? null;
  const codename = release.codename ?? null;
  const state = releaseState({ path: '/', distribution, release: codename }, { distribution, release: codename }, new Date(now).toISOString().slice(0, 10));
  return {
    kind: 'server',
    name: serverName,
    path: '/',
    baseDir: '/',
    layout: 'modern',
    distribution,
    version: release.versionId ?? null,
    release: codename,
    prettyName: release.prettyName ?? null,
    arch,
    archSource: 'dpkg-status',
    verdict: 'native',
    verdictReason: reason,
    image: null,
    kernel: null,
    tftp: { dir: null, state: 'no-kernel' },
    nextRelease: state.next,
    behindServer: false,
    packageManager: null,
    run: { verdict: 'native', reason },
  };
}

/** Whether a package asked for the server to be restarted (update-notifier's /run/reboot-required, which Debian's packages use too). */
export function serverRestartPending(): boolean {
  try {
    return lstatSync('/run/reboot-required').isFile();
  } catch {
    return false;
  }
}
