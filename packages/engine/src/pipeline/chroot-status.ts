// Builds a chroot's entry in the status cache from what an operation learnt, keeping what it did not touch.
import type { UpdatesPlan } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { serverRestartPending } from '../discover/server.js';
import { failureMessage } from '../errors/known-error.js';
import type { ChrootStatus } from '../protocol/status.js';
import { imagePaths, versionState } from '../publish/version-store.js';

export interface StatusChange {
  plan?: UpdatesPlan;
  /** The next release, once the chroot's mirror was seen to serve it; null when there is none. */
  nextRelease?: string | null;
  /** An error ends the entry's "up to date": it is kept until a later run succeeds. */
  error?: unknown;
  refreshed?: boolean;
  upgraded?: boolean;
  /** The image versions as they are now, when this run may have published one (see liveImage). */
  image?: ChrootStatus['image'];
  now?: Date;
  /** With a plan: the fingerprint of the apt inputs it was made from (check only; others plan anew next time). */
  aptInputs?: string;
}

/**
 * The live and rollback versions read from the store when the status is written: a run whose
 * image step published must not record the version that was live when the chroot was described.
 */
export function liveImage(chroot: DescribedChroot, tftpDir: string): ChrootStatus['image'] | undefined {
  if (chroot.kind === 'server' || chroot.layout === 'legacy') return undefined;
  const state = versionState(imagePaths(chroot.baseDir, tftpDir, chroot.name));
  return state.live ? { live: state.live, rollbackTo: state.rollbackTo } : null;
}

/** The new status of `chroot`, starting from its `previous` entry in the cache. */
export function chrootStatus(chroot: DescribedChroot, previous: ChrootStatus | undefined, change: StatusChange): ChrootStatus {
  const at = (change.now ?? new Date()).toISOString();
  // What the chroot is now always wins over what the cache remembers of it.
  const identity = {
    kind: chroot.kind,
    name: chroot.name,
    path: chroot.path,
    arch: chroot.arch,
    verdict: chroot.verdict,
    verdictReason: chroot.verdictReason,
    distribution: chroot.distribution,
    release: chroot.release,
    securityRules: securityRulesFor(chroot.distribution),
    behindServer: chroot.behindServer,
    packageManager: chroot.packageManager,
    rebootRequired: chroot.kind === 'server' && serverRestartPending(),
    image: change.image !== undefined ? change.image : chroot.image?.live ? { live: chroot.image.live, rollbackTo: chroot.image.rollbackTo } : null,
  };
  const status: ChrootStatus = {
    pending: null,
    security: null,
    downloadBytes: null,
    packages: [],
    held: [],
    keptBack: [],
    keptBackReasons: [],
    mode: null,
    nextRelease: null,
    aptInputs: null,
    lastCheck: null,
    lastRefresh: null,
    lastUpgrade: null,
    lastError: null,
    ...previous,
    ...identity,
  };
  if (change.plan) {
    Object.assign(status, {
      pending: change.plan.pending,
      security: change.plan.security,
      downloadBytes: change.plan.downloadBytes,
      packages: change.plan.packages,
      held: change.plan.held,
      keptBack: change.plan.keptBack,
      keptBackReasons: change.plan.keptBackReasons,
      mode: change.plan.mode,
      aptInputs: change.aptInputs ?? null,
      lastCheck: at,
      lastError: null,
    });
  }
  if (change.nextRelease !== undefined) status.nextRelease = change.nextRelease;
  if (change.refreshed) status.lastRefresh = at;
  if (change.upgraded) status.lastUpgrade = at;
  if (change.error !== undefined) {
    const { code, message } = failureMessage(change.error);
    status.lastError = { code, message, at };
    status.aptInputs = null;
  }
  return status;
}
