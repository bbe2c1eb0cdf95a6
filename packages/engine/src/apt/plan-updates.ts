// What updating a chroot would do, counted the way apt-check counts: simulate a dist-upgrade,
// and fall back to an upgrade when the dist-upgrade would remove packages.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { regularFileInside } from '../fs/inside-root.js';
import type { KeptBackReason, PackageUpdate } from '../protocol/status.js';
import type { Session } from '../session/session.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { startAptConversation } from './apt-conversation.js';
import { isPackageName, isVersion } from './debian-syntax.js';
import { heldPackages } from './holds.js';
import { parsePackagePolicies, parseReleases, type PackagePolicy, type ReleaseFields } from './policy.js';
import { candidateSuite, upgradeIsSecurity, type SecurityRules } from './security.js';
import { parseUpgradePlan, type PlannedUpgrade, type UpgradePlan } from './upgrade-plan.js';

export interface UpdatesPlan {
  mode: 'dist-upgrade' | 'upgrade';
  packages: PackageUpdate[];
  held: string[];
  keptBack: string[];
  keptBackReasons: KeptBackReason[];
  pending: number;
  security: number;
  /** Bytes apt still has to fetch (what is in the package cache is not counted). */
  downloadBytes: number;
}

/**
 * Plan the updates of the chroot in `session` with apt's own tools; nothing is changed.
 * `cacheDirs` are host folders whose .debs apt will not need to fetch (the shared package cache).
 */
export async function planUpdates(session: Session, rules: SecurityRules, cacheDirs: readonly string[] = [], signal?: AbortSignal): Promise<UpdatesPlan> {
  // One confined run for the whole plan (apt-conversation.ts); the sources' releases come beside it.
  const apt = startAptConversation(session, signal);
  try {
    let mode: UpdatesPlan['mode'] = 'dist-upgrade';
    let plan = parseUpgradePlan(await apt.plan(mode));
    if (plan.removals.length > 0) {
      mode = 'upgrade';
      plan = parseUpgradePlan(await apt.plan(mode));
    }
    const changes = [...plan.upgrades.map((entry) => ({ ...entry, isNew: false })), ...plan.installs.map((entry) => ({ ...entry, isNew: true }))];
    refuseForeignSyntax(session.chroot.name, changes, [...plan.keptBack, ...plan.removals]);
    // The kept-back ones are asked about too: their candidate's line says when it is a phased update.
    const asked = [...changes.map((change) => change.name), ...plan.keptBack];
    const policies = parsePackagePolicies(asked.length === 0 ? '' : await apt.policy(asked));
    const releases = parseReleases(await apt.releases());
    return summarize(session, plan, mode, changes, policies, releases, rules, cacheDirs);
  } finally {
    // After a failure, nothing is left running in a chroot whose session is about to close.
    await apt.stop();
  }
}

function summarize(
  session: Session,
  plan: UpgradePlan,
  mode: UpdatesPlan['mode'],
  changes: readonly (PlannedUpgrade & { isNew: boolean })[],
  policies: Map<string, PackagePolicy>,
  releases: Map<string, ReleaseFields>,
  rules: SecurityRules,
  cacheDirs: readonly string[],
): UpdatesPlan {
  const held = heldPackages(session.chroot.path);
  let downloadBytes = 0;
  for (const deb of plan.debs.values()) {
    // The chroot's own archive folder through the path layer; the shared caches are the host's.
    const inChroot = regularFileInside(session.chroot.path, `/var/cache/apt/archives/${path.basename(deb.file)}`) !== undefined;
    if (!inChroot && !cacheDirs.some((dir) => existsSync(path.join(dir, path.basename(deb.file))))) downloadBytes += deb.size;
  }
  const packages: PackageUpdate[] = changes.map((change) => {
    const policy = policies.get(change.name);
    return {
      name: change.name,
      from: change.from,
      to: change.to,
      suite: candidateSuite(policy, releases),
      security: upgradeIsSecurity(policy, releases, rules),
      sizeBytes: plan.debs.get(change.name)?.size ?? 0,
      isNew: change.isNew,
    };
  });
  return {
    mode,
    packages,
    held,
    keptBack: plan.keptBack,
    keptBackReasons: plan.keptBack.map((name) => keptBackReason(name, policies.get(name), held)),
    pending: packages.length,
    security: packages.filter((entry) => entry.security).length,
    downloadBytes,
  };
}

/** apt says "kept back" for all three; its version table tells a phased candidate, and dpkg a hold. */
function keptBackReason(name: string, policy: PackagePolicy | undefined, held: readonly string[]): KeptBackReason {
  if (held.includes(name)) return { name, reason: 'held' };
  const candidate = policy?.versions.find((entry) => entry.version === policy.candidate);
  if (candidate?.phasedPercent !== undefined) return { name, reason: 'phasing', percent: candidate.phasedPercent };
  return { name, reason: 'dependencies' };
}

/**
 * The chroot's apt is the chroot's program: what it prints is checked against Debian's syntax before
 * a name becomes an argument (a name starting with "-" would be an option) or is shown anywhere.
 */
function refuseForeignSyntax(chroot: string, changes: readonly { name: string; from: string; to: string }[], names: readonly string[]): void {
  const bad = [
    ...changes.flatMap((change) => [[change.name, isPackageName(change.name)], [change.to, isVersion(change.to)], [change.from, change.from === '' || isVersion(change.from)]] as const),
    ...names.map((name) => [name, isPackageName(name)] as const),
  ].find(([, ok]) => !ok);
  if (bad !== undefined) {
    throw new EngineError('unsafe-chroot', _f('apt in {chroot} printed "{text}" where a package name or version belongs: its apt is not to be trusted; reinstall apt in it', { chroot, text: terminalSafe(bad[0]).slice(0, 60) }), { chroot });
  }
}
