// A dry run of the release upgrade: the new release's package lists are fetched into a
// scratch folder and the upgrade is planned against them; the chroot's own lists, sources
// and packages are not touched. It tells whether the mirror serves the release, and how
// much the upgrade will download and add.
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readInside, streamInside } from '../apt/apt-in-session.js';
import { parseUpgradePlan } from '../apt/upgrade-plan.js';
import type { Session } from '../session/session.js';
import type { SourceFile } from './source-files.js';

export interface ProbeResult {
  downloadBytes: number;
  /** "After this operation, N of additional disk space will be used" (negative when freed). */
  installDeltaBytes: number;
  upgrades: number;
  installs: number;
  removals: string[];
}

/** Plan the upgrade to the rewritten `sources` without changing the chroot. */
export async function probeRelease(session: Session, sources: readonly SourceFile[], onOutput: (line: string) => void): Promise<ProbeResult> {
  const inner = await session.scratchDir('release-probe');
  const host = path.join(session.chroot.path, inner);
  mkdirSync(path.join(host, 'sources.list.d'));
  mkdirSync(path.join(host, 'lists/partial'), { recursive: true });
  for (const file of sources) writeFileSync(path.join(host, file.name), file.text);
  const options = [
    '-o', `Dir::Etc::SourceList=${inner}/sources.list`,
    '-o', `Dir::Etc::SourceParts=${inner}/sources.list.d`,
    '-o', `Dir::State::Lists=${inner}/lists`,
    // Keep the probe small: compressed lists, no translations, no cache files written.
    '-o', 'Acquire::GzipIndexes=true',
    '-o', 'Acquire::Languages=none',
    '-o', 'Dir::Cache::pkgcache=',
    '-o', 'Dir::Cache::srcpkgcache=',
  ];
  await streamInside(session, ['apt-get', '-q', ...options, '-o', 'APT::Update::Error-Mode=any', 'update'], { onOutput });
  const planText = await readInside(session, ['apt-get', '--print-uris', '-V', '-y', ...options, '-o', 'Dir::Cache::Archives=/nonexistent/', 'dist-upgrade']);
  const plan = parseUpgradePlan(planText);
  return {
    downloadBytes: [...plan.debs.values()].reduce((sum, deb) => sum + deb.size, 0),
    installDeltaBytes: parseDiskDelta(planText),
    upgrades: plan.upgrades.length,
    installs: plan.installs.length,
    removals: plan.removals,
  };
}

const units: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** apt's "After this operation, 12.3 MB of additional disk space will be used." (or "… will be freed."). */
export function parseDiskDelta(text: string): number {
  const match = /After this operation, ([\d.,]+) (B|kB|MB|GB) (?:of )?(?:additional )?disk space will be (used|freed)/.exec(text);
  if (!match) return 0;
  const bytes = Number((match[1] as string).replace(/,/g, '')) * (units[match[2] as string] ?? 1);
  return match[3] === 'freed' ? -bytes : bytes;
}
