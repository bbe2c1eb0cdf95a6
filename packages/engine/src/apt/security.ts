// Which package sources carry security updates, the way unattended-upgrades and apt-check decide it.
import type { PackagePolicy, ReleaseFields } from './policy.js';

export type SecurityRules = 'debian' | 'ubuntu' | 'unknown';

/** The rules for a distribution ID from os-release; derivatives we do not know get "unknown" (nothing counts as security). */
export function securityRulesFor(distribution: string | null): SecurityRules {
  if (distribution === 'debian' || distribution === 'raspbian') return 'debian';
  if (distribution === 'ubuntu') return 'ubuntu';
  return 'unknown';
}

/**
 * True for a release that is a security pocket: Debian's label Debian-Security; Ubuntu's
 * <codename>-security and the ESM security pockets (<codename>-infra-security, -apps-security).
 */
export function isSecurityRelease(release: ReleaseFields | undefined, rules: SecurityRules): boolean {
  if (release === undefined) return false;
  const suite = release['n'] ?? '';
  const archive = release['a'] ?? '';
  switch (rules) {
    case 'debian':
      return release['l'] === 'Debian-Security' || (release['o'] === 'Debian' && (archive.endsWith('-security') || suite.endsWith('-security')));
    case 'ubuntu':
      return ['Ubuntu', 'UbuntuESM', 'UbuntuESMApps'].includes(release['o'] ?? '') && (archive.endsWith('-security') || suite.endsWith('-security'));
    case 'unknown':
      return false;
  }
}

/**
 * Whether upgrading this package brings a security fix: its candidate, or any version
 * between the installed one and the candidate (a security fix hidden behind a newer
 * -updates version), comes from a security pocket. apt's own version order is used.
 */
export function upgradeIsSecurity(policy: PackagePolicy | undefined, releases: Map<string, ReleaseFields>, rules: SecurityRules): boolean {
  if (policy === undefined) return false;
  const candidateAt = policy.versions.findIndex((entry) => entry.version === policy.candidate);
  const installedAt = policy.versions.findIndex((entry) => entry.installed);
  if (candidateAt < 0) return false;
  const newer = policy.versions.slice(candidateAt, installedAt < 0 ? undefined : installedAt);
  return newer.some((entry) => entry.sources.some((source) => isSecurityRelease(releases.get(source), rules)));
}

/** The suite a package's candidate comes from (its first source's codename or archive), for display. */
export function candidateSuite(policy: PackagePolicy | undefined, releases: Map<string, ReleaseFields>): string | null {
  const entry = policy?.versions.find((candidate) => candidate.version === policy.candidate);
  for (const source of entry?.sources ?? []) {
    const release = releases.get(source);
    if (release?.['n'] || release?.['a']) return (release['n'] ?? release['a']) as string;
  }
  return null;
}
