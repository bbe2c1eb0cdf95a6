// The next release of a chroot, as the status cache records it: known to distro-info-data and served by the chroot's mirror.
import type { DescribedChroot } from '../discover/list-chroots.js';
import { mirrorServes } from '../release/release-available.js';

/** "trixie" when distro-info-data names it and the chroot's mirror serves it; otherwise null. */
export async function availableRelease(chroot: DescribedChroot): Promise<string | null> {
  if (!chroot.nextRelease || !chroot.release) return null;
  return (await mirrorServes(chroot.path, chroot.release, chroot.nextRelease.series)) ? chroot.nextRelease.series : null;
}
