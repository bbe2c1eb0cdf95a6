// A release upgrade's preflight: everything that can refuse does so here, before anything in the
// chroot changes: broken packages, missing package lists, a release the mirror does not serve
// (a dry run against the new release's lists, in a scratch folder), too little free space.
import { statfsSync } from 'node:fs';
import { readInside } from '../apt/apt-in-session.js';
import { parseReleases } from '../apt/policy.js';
import { readSources } from '../apt/sources.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError, isEngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import type { Session } from '../session/session.js';
import { readReleases } from './distro-info.js';
import { probeRelease } from './probe.js';
import { readSourceFiles, type SourceFile } from './source-files.js';
import { rewriteDeb822, rewriteOneLine, type RewriteRules } from './sources-rewrite.js';

// Room apt needs beyond the download and the installed size: unpacking, triggers, logs.
const spaceMargin = { factor: 1.2, bytes: 64e6 };

/** What a move will do: the sources as they are and as they will be, and the question to confirm it. */
export interface MovePlan {
  originals: SourceFile[];
  files: SourceFile[];
  disabled: string[];
  question: string;
}

/** Everything that can refuse, before anything changes: dpkg, the sources, the new release on the mirror, the free space. */
export async function preflight(session: Session, chroot: DescribedChroot, from: string, to: string, withBackports: boolean, output: (line: string) => void): Promise<MovePlan> {
  const name = chroot.name;
  await requireConsistentPackages(session);
  const originals = readSourceFiles(chroot.path, name);
  const rules = await rewriteRules(session, chroot, from, to, withBackports);
  const { files, disabled } = rewriteAll(originals, rules);
  // The dry run fetches the new release's lists; then nothing of ours stays in while the question is asked.
  await session.need('fetch');
  let probe;
  try {
    probe = await probeRelease(session, files, output);
  } catch (error) {
    throw new EngineError('bad-release', _f('{to} is not available for {name}: {reason}', { to, name, reason: isEngineError(error) ? error.shortMessage : String(error) }), { chroot: name, cause: error });
  }
  await session.need('read');
  requireSpace(chroot, probe.downloadBytes, probe.installDeltaBytes);
  const question = `${name}: ${from} → ${to}: ${probe.upgrades} upgrades, ${probe.installs} new packages, ${probe.removals.length} removals${disabled.length ? `; disabled: ${disabled.join(', ')}` : ''}`;
  return { originals, files, disabled, question };
}

async function requireConsistentPackages(session: Session): Promise<void> {
  const name = session.chroot.name;
  try {
    // apt-get check would wait for the lock this session holds; it changes nothing.
    await readInside(session, ['apt-get', 'check', '-q', '-o', 'Debug::NoLocking=true']);
  } catch (error) {
    throw new EngineError('not-ready', _f('{name} has broken packages (apt-get check fails): fix them first, for example with "ltsp-chroot exec {name} -- apt-get -f install"', { name }), { chroot: name, cause: error });
  }
}

async function rewriteRules(session: Session, chroot: DescribedChroot, from: string, to: string, withBackports: boolean): Promise<RewriteRules> {
  // The distribution's own mirrors are those whose Release files say Origin: Debian (or Ubuntu).
  const releases = parseReleases(await readInside(session, ['apt-cache', 'policy']));
  const origins = new Set(['Debian', 'Ubuntu', 'UbuntuESM', 'UbuntuESMApps']);
  const distributionUris = new Set<string>();
  for (const [source, fields] of releases) {
    if (origins.has(fields['o'] ?? '')) distributionUris.add((source.split(' ')[0] ?? '').replace(/\/+$/, ''));
  }
  // Without current lists nobody can tell the distribution's sources from third-party ones.
  const known = [...releases.keys()].map((key) => key.replace(/\/+ /, ' '));
  for (const entry of await readSources(chroot.path)) {
    if (!entry.enabled || !entry.types.includes('deb')) continue;
    for (const uri of entry.uris) {
      for (const suite of entry.suites) {
        const prefix = `${uri.replace(/\/+$/, '')} ${suite}${suite.endsWith('/') ? '' : '/'}`;
        if (!known.some((key) => key.startsWith(prefix) || key.startsWith(`${uri.replace(/\/+$/, '')} ${suite} `))) {
          throw new EngineError('not-ready', _f('{chroot} has no package lists for {uri} {suite} (apt-get update never ran there, or failed): run "ltsp-chroot refresh {chroot}" first', { chroot: chroot.name, uri, suite }), { chroot: chroot.name });
        }
      }
    }
  }
  const all = readReleases(chroot.distribution as string) ?? [];
  const bookworm = all.findIndex((entry) => entry.series === 'bookworm');
  const target = all.findIndex((entry) => entry.series === to);
  return {
    from,
    to,
    distribution: chroot.distribution as string,
    distributionUris,
    withBackports,
    addNonFreeFirmware: chroot.distribution === 'debian' && bookworm >= 0 && target >= bookworm,
  };
}

function rewriteAll(originals: readonly SourceFile[], rules: RewriteRules): { files: SourceFile[]; disabled: string[] } {
  const files: SourceFile[] = [];
  const disabled: string[] = [];
  for (const file of originals) {
    const result = file.format === 'deb822' ? rewriteDeb822(file.text, rules) : rewriteOneLine(file.text, rules);
    files.push({ ...file, text: result.text });
    disabled.push(...result.disabled);
  }
  return { files, disabled };
}

function requireSpace(chroot: DescribedChroot, downloadBytes: number, installDeltaBytes: number): void {
  const stats = statfsSync(chroot.path);
  const free = Number(stats.bavail) * Number(stats.bsize);
  const needed = Math.round((downloadBytes + Math.max(0, installDeltaBytes)) * spaceMargin.factor + spaceMargin.bytes);
  if (free < needed) {
    const mb = (bytes: number) => `${Math.ceil(bytes / 1e6)} MB`;
    throw new EngineError('no-space', _f('{chroot} needs about {needed} free for the upgrade (download {download}, installed size +{installed}), and its file system has {free}: free some space first', { chroot: chroot.name, needed: mb(needed), download: mb(downloadBytes), installed: mb(Math.max(0, installDeltaBytes)), free: mb(free) }), { chroot: chroot.name });
  }
}

