// What updating a chroot would do, counted the way apt-check counts: simulate a dist-upgrade,
// and fall back to an upgrade when the dist-upgrade would remove packages.
import type { PackageUpdate } from '../protocol/status.js';
import type { Session } from '../session/session.js';
import { readInside } from './apt-in-session.js';
import { parsePackageSizes } from './package-sizes.js';
import { parsePackagePolicies, parseReleases } from './policy.js';
import { candidateSuite, upgradeIsSecurity, type SecurityRules } from './security.js';
import { parseUpgradePlan } from './upgrade-plan.js';

export interface UpdatesPlan {
  mode: 'dist-upgrade' | 'upgrade';
  packages: PackageUpdate[];
  held: string[];
  keptBack: string[];
  pending: number;
  security: number;
  /** Bytes apt still has to fetch (what is in the package cache is not counted). */
  downloadBytes: number;
}

const planCommand = (mode: UpdatesPlan['mode']) => ['apt-get', '--print-uris', '-V', '-y', mode];

/** Plan the updates of the chroot in `session` with apt's own tools; nothing is changed. */
export async function planUpdates(session: Session, rules: SecurityRules, signal?: AbortSignal): Promise<UpdatesPlan> {
  // The three readers are independent; run side by side they cost little more than one.
  const [distUpgrade, globalPolicy, holds] = await Promise.all([
    readInside(session, planCommand('dist-upgrade'), signal),
    readInside(session, ['apt-cache', 'policy'], signal),
    readInside(session, ['apt-mark', 'showhold'], signal),
  ]);
  let mode: UpdatesPlan['mode'] = 'dist-upgrade';
  let plan = parseUpgradePlan(distUpgrade);
  if (plan.removals.length > 0) {
    mode = 'upgrade';
    plan = parseUpgradePlan(await readInside(session, planCommand('upgrade'), signal));
  }
  const changes = [...plan.upgrades.map((entry) => ({ ...entry, isNew: false })), ...plan.installs.map((entry) => ({ ...entry, isNew: true }))];
  const releases = parseReleases(globalPolicy);
  const [policyText, showText] = changes.length === 0
    ? ['', '']
    : await Promise.all([
        readInside(session, ['apt-cache', 'policy', ...changes.map((change) => change.name)], signal),
        readInside(session, ['apt-cache', 'show', '--no-all-versions', ...changes.map((change) => `${change.name}=${change.to}`)], signal),
      ]);
  const policies = parsePackagePolicies(policyText);
  const sizes = parsePackageSizes(showText);
  const packages: PackageUpdate[] = changes.map((change) => {
    const policy = policies.get(change.name);
    return {
      name: change.name,
      from: change.from,
      to: change.to,
      suite: candidateSuite(policy, releases),
      security: upgradeIsSecurity(policy, releases, rules),
      sizeBytes: sizes.get(change.name) ?? plan.downloadBytes.get(change.name) ?? 0,
      isNew: change.isNew,
    };
  });
  return {
    mode,
    packages,
    held: holds.split('\n').map((line) => line.trim()).filter(Boolean),
    keptBack: plan.keptBack,
    pending: packages.length,
    security: packages.filter((entry) => entry.security).length,
    downloadBytes: [...plan.downloadBytes.values()].reduce((sum, bytes) => sum + bytes, 0),
  };
}
