// An Ubuntu server moves with Ubuntu's own do-release-upgrade, as Ubuntu asks of every server
// (it knows each release's quirks: its own sources rewrite, the packages to hold, its own
// rollback); its non-interactive frontend answers as our apt runs do. A Debian server, and every
// chroot, gets the engine's own sources rewrite and minimal-then-full upgrade.
import type { DescribedChroot } from '../discover/list-chroots.js';
import { hasTool } from '../ltsp/tools.js';

/** The command that moves `target` the distribution's own way, or undefined where the engine does it. */
export function distributionUpgrader(target: Pick<DescribedChroot, 'kind' | 'distribution'>, toolExists = hasTool): string[] | undefined {
  if (target.kind !== 'server' || target.distribution !== 'ubuntu' || !toolExists('do-release-upgrade')) return undefined;
  return ['do-release-upgrade', '--frontend', 'DistUpgradeViewNonInteractive'];
}
