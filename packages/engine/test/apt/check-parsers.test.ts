import { describe, expect, it } from 'vitest';
import { parsePackagePolicies, parseReleases } from '../../src/apt/policy.js';
import { candidateSuite, isSecurityRelease, upgradeIsSecurity } from '../../src/apt/security.js';
import { parseUpgradePlan } from '../../src/apt/upgrade-plan.js';
import { fixtureText } from '../fixtures/read-fixture.js';

// Captured from a bookworm minbase chroot with bookworm-updates and bookworm-security added (mirror renamed).
const plan = parseUpgradePlan(fixtureText('apt/print-uris-dist-upgrade.txt'));
const releases = parseReleases(fixtureText('apt/policy.txt'));
const policies = parsePackagePolicies(fixtureText('apt/policy-upgradable.txt'));
const securityKey = 'http://mirror.example/debian-security bookworm-security/main amd64 Packages';
const updatesKey = 'http://mirror.example/debian bookworm-updates/main amd64 Packages';

describe('parseUpgradePlan', () => {
  it('reads the upgrades with their versions and the bytes left to download', () => {
    expect(plan.upgrades).toHaveLength(6);
    expect(plan.upgrades[0]).toEqual({ name: 'apt', from: '2.6.1', to: '2.6.2' });
    expect(plan.removals).toEqual([]);
    expect(plan.debs.get('perl-base')).toEqual({ file: 'perl-base_5.36.0-7+deb12u4_amd64.deb', size: 1609596 });
    expect([...plan.debs.values()].reduce((sum, deb) => sum + deb.size, 0)).toBe(4_664_940);
  });

  it('reads removals, new packages and kept-back packages', () => {
    const text = [
      'The following packages will be REMOVED:',
      '   libfoo1 (1.0-1)',
      'The following NEW packages will be installed:',
      '   linux-image-6.1.0-28-amd64 (6.1.119-1)',
      'The following packages have been kept back:',
      '   held-one held-two',
      'The following packages will be upgraded:',
      '   linux-image-amd64 (6.1.115-1 => 6.1.119-1)',
      '1 upgraded, 1 newly installed, 1 to remove and 2 not upgraded.',
    ].join('\n');
    const parsed = parseUpgradePlan(text);
    expect(parsed.removals).toEqual(['libfoo1']);
    expect(parsed.installs).toEqual([{ name: 'linux-image-6.1.0-28-amd64', from: '', to: '6.1.119-1' }]);
    expect(parsed.keptBack).toEqual(['held-one', 'held-two']);
    expect(parsed.upgrades).toEqual([{ name: 'linux-image-amd64', from: '6.1.115-1', to: '6.1.119-1' }]);
  });
});

describe('apt-cache policy', () => {
  it('reads the release fields of every source', () => {
    expect(releases.get(securityKey)).toMatchObject({ o: 'Debian', l: 'Debian-Security', n: 'bookworm-security', a: 'oldstable-security' });
    expect(releases.get(updatesKey)).toMatchObject({ l: 'Debian', n: 'bookworm-updates' });
  });

  it("reads each package's version table in apt's order", () => {
    const tzdata = policies.get('tzdata');
    expect(tzdata).toMatchObject({ installed: '2026b-0+deb12u1', candidate: '2026f-0+deb12u1' });
    expect(tzdata?.versions.map((entry) => [entry.version, entry.installed])).toEqual([
      ['2026f-0+deb12u1', false],
      ['2026b-0+deb12u1', true],
      ['2025b-0+deb12u1', false],
    ]);
    expect(tzdata?.versions[0]?.sources).toEqual([securityKey]);
  });
});

describe('security classification', () => {
  it('counts every candidate from Debian-Security', () => {
    for (const upgrade of plan.upgrades) expect(upgradeIsSecurity(policies.get(upgrade.name), releases, 'debian')).toBe(true);
    expect(candidateSuite(policies.get('apt'), releases)).toBe('bookworm-security');
  });

  it('counts a security fix hidden behind a newer -updates candidate', () => {
    const hidden = parsePackagePolicies([
      'tzdata:',
      '  Installed: 2024a-0+deb12u1',
      '  Candidate: 2026f-0+deb12u1',
      '  Version table:',
      '     2026f-0+deb12u1 500',
      `        500 ${updatesKey}`,
      '     2025b-0+deb12u1 500',
      `        500 ${securityKey}`,
      ' *** 2024a-0+deb12u1 500',
      '        100 /var/lib/dpkg/status',
    ].join('\n')).get('tzdata');
    expect(upgradeIsSecurity(hidden, releases, 'debian')).toBe(true);
    // An older security version, below the installed one, does not count.
    const old = parsePackagePolicies([
      'tzdata:', '  Installed: 2025c', '  Candidate: 2026f', '  Version table:',
      '     2026f 500', `        500 ${updatesKey}`,
      ' *** 2025c 500', '        100 /var/lib/dpkg/status',
      '     2025b 500', `        500 ${securityKey}`,
    ].join('\n')).get('tzdata');
    expect(upgradeIsSecurity(old, releases, 'debian')).toBe(false);
  });

  it('reads a phased candidate (apt 2.6 prints its rollout on the version line) and still classifies it', () => {
    const phased = parsePackagePolicies([
      'openssl:', '  Installed: 3.0.11-1', '  Candidate: 3.0.13-1', '  Version table:',
      '     3.0.13-1 500 (phased 20%)', `        500 ${securityKey}`,
      ' *** 3.0.11-1 500', '        100 /var/lib/dpkg/status',
    ].join('\n')).get('openssl');
    expect(phased?.versions[0]).toEqual({ version: '3.0.13-1', installed: false, sources: [securityKey], phasedPercent: 20 });
    expect(upgradeIsSecurity(phased, releases, 'debian')).toBe(true);
  });

  it('knows the Ubuntu pockets, ESM included, and nothing for an unknown distribution', () => {
    expect(isSecurityRelease({ o: 'Ubuntu', a: 'noble-security', n: 'noble', l: 'Ubuntu' }, 'ubuntu')).toBe(true);
    expect(isSecurityRelease({ o: 'Ubuntu', a: 'noble-updates', n: 'noble', l: 'Ubuntu' }, 'ubuntu')).toBe(false);
    expect(isSecurityRelease({ o: 'UbuntuESMApps', a: 'jammy-apps-security', n: 'jammy', l: 'Ubuntu' }, 'ubuntu')).toBe(true);
    expect(isSecurityRelease({ o: 'UbuntuESM', a: 'jammy-infra-security', n: 'jammy', l: 'Ubuntu' }, 'ubuntu')).toBe(true);
    expect(isSecurityRelease({ o: 'Debian', l: 'Debian-Security', a: 'stable-security' }, 'unknown')).toBe(false);
  });
});
