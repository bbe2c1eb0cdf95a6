// `release-upgrade`: move one chroot to the next release. Everything that can refuse does so
// before anything changes; once the sources are rewritten, any failure puts them back (and,
// with --snapshot, the whole chroot), or says exactly how to finish or roll back.
import { existsSync, renameSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { readInside, streamInside } from '../apt/apt-in-session.js';
import { parseReleases } from '../apt/policy.js';
import { planUpdates } from '../apt/plan-updates.js';
import { readSources } from '../apt/sources.js';
import { securityRulesFor } from '../apt/security.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { readOsRelease } from '../discover/os-release.js';
import { EngineError, isEngineError } from '../errors/engine-error.js';
import { run } from '../process/run.js';
import type { ReleaseUpgradeResult } from '../protocol/events.js';
import { compareReleases, readReleases } from '../release/distro-info.js';
import { probeRelease } from '../release/probe.js';
import { releaseState } from '../release/release-state.js';
import { backUpSourceFiles, readSourceFiles, writeSourceFiles, type SourceFile } from '../release/source-files.js';
import { rewriteDeb822, rewriteOneLine, type RewriteRules } from '../release/sources-rewrite.js';
import { packageCacheDir, type Session } from '../session/session.js';
import { readStatusCache, writeChrootStatuses } from '../status/status-cache.js';
import { chrootStatus } from './chroot-status.js';
import { inStep, skipStep, type Emit } from './emit.js';
import { installWithProgress } from './install.js';
import { sessionFor } from './open-session.js';
import { ltspSteps, type UpgradeOptions } from './upgrade.js';

export interface ReleaseUpgradeOptions extends Pick<UpgradeOptions, 'kernel' | 'image'> {
  to?: string;
  snapshot: boolean;
  withBackports: boolean;
  confirm?: (message: string) => Promise<boolean>;
}

// Room apt needs beyond the download and the installed size: unpacking, triggers, logs.
const spaceMargin = { factor: 1.2, bytes: 64e6 };

type Body = Omit<ReleaseUpgradeResult, 'v' | 'type' | 'command'>;

/** Upgrade `chroot` to the next release (or `--to`); the result says what happened. */
export async function releaseUpgrade(chroot: DescribedChroot, options: NormalizedOptions, emit: Emit, upgrade: ReleaseUpgradeOptions): Promise<Body> {
  const name = chroot.name;
  const phases: Record<string, number> = {};
  const timed = async <T>(step: Parameters<typeof inStep>[2], work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await inStep(emit, name, step, work);
    } finally {
      phases[step] = (phases[step] ?? 0) + Date.now() - started;
    }
  };
  const output = (line: string) => emit({ type: 'log', level: 'output', chroot: name, message: line });
  const from = chroot.release;
  if (!from || !chroot.distribution) throw new EngineError('bad-release', `${name} does not say which release it runs (no VERSION_CODENAME in its os-release)`, { chroot: name });
  const to = targetRelease(chroot, upgrade.to);

  // 1. Lock only: nothing is mounted, so a snapshot copies the chroot and nothing else.
  const session = await timed('session', () => sessionFor(chroot, options, 'read'));
  let stage: 'preflight' | 'changing' = 'preflight';
  let originals: SourceFile[] = [];
  let snapshot: string | null = null;
  const backup = path.join(options.stateDir, 'release-upgrade', `${name}-${from}-to-${to}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  try {
    // 2. Preflight: refuse before anything changes.
    const rewritten = await timed('preflight', async () => {
      await requireCleanDpkg(session);
      originals = readSourceFiles(chroot.path, name);
      const rules = await rewriteRules(session, chroot, from, to, upgrade.withBackports);
      const files = rewriteAll(originals, rules);
      await session.prepare({ network: true, aptWrites: true });
      let probe;
      try {
        probe = await probeRelease(session, files.files, output);
      } catch (error) {
        throw new EngineError('bad-release', `${to} is not available for ${name}: ${isEngineError(error) ? error.shortMessage : String(error)}`, { chroot: name, cause: error });
      }
      await session.teardown();
      requireSpace(chroot, probe.downloadBytes, probe.installDeltaBytes);
      return { ...files, probe };
    });
    if (upgrade.confirm && !(await upgrade.confirm(`${name}: ${from} → ${to}: ${rewritten.probe.upgrades} upgrades, ${rewritten.probe.installs} new packages, ${rewritten.probe.removals.length} removals${rewritten.disabled.length ? `; disabled: ${rewritten.disabled.join(', ')}` : ''}`))) {
      throw new EngineError('cancelled', `release upgrade of ${name} cancelled: nothing was changed`, { chroot: name });
    }

    // 3. The snapshot, while nothing is mounted in the chroot.
    if (upgrade.snapshot) {
      snapshot = await timed('snapshot', () => takeSnapshot(chroot.path, from));
    } else {
      skipStep(emit, name, 'snapshot', 'not asked for (--snapshot)');
    }

    stage = 'changing';
    await session.prepare({ guardDaemons: true, network: true, aptWrites: true, mountPackageCache: true });
    // 4. The current release's own updates first.
    await timed('apt-update', () => streamInside(session, ['apt-get', '-q', '-o', 'APT::Update::Error-Mode=any', 'update'], { onOutput: output }));
    const pending = await planUpdates(session, securityRulesFor(chroot.distribution), [packageCacheDir(options.cacheDir, chroot)]);
    if (pending.pending > 0) await timed('install', () => installWithProgress(session, [pending.mode], emit, output));

    // 5. The move: sources, lists, a minimal upgrade, then the full one.
    backUpSourceFiles(originals, backup);
    await timed('sources', async () => writeSourceFiles(chroot.path, rewritten.files, chroot.name));
    await timed('apt-update', () => streamInside(session, ['apt-get', '-q', '-o', 'APT::Update::Error-Mode=any', 'update'], { onOutput: output }));
    const before = await installedVersions(session);
    await timed('install', () => installWithProgress(session, ['upgrade', '--without-new-pkgs'], emit, output));
    await timed('install', () => installWithProgress(session, ['dist-upgrade'], emit, output));
    const after = await installedVersions(session);
    const now = (await readOsRelease(chroot.path)).codename;
    if (now !== to) throw new EngineError('apt-failed', `${name} still says it runs ${now ?? 'an unknown release'} after the upgrade`, { chroot: name });

    // 6. LTSP's image and kernels, then the status.
    await session.teardown();
    const changes = diffInstalled(before, after);
    const outcome = { upgraded: changes.upgraded, installed: changes.installed, kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' } };
    const moved: DescribedChroot = { ...chroot, release: to, ...releaseFields(chroot, to) };
    await ltspSteps(moved, options, emit, { kernel: upgrade.kernel, image: upgrade.image }, outcome, timed, output);
    await recordStatus(moved, options, session);
    return {
      chroot: name,
      from,
      to,
      upgraded: changes.upgraded.length,
      installed: changes.installed.length,
      removed: changes.removed,
      disabledSources: rewritten.disabled,
      sourcesBackup: backup,
      snapshot,
      kernel: outcome.kernel,
      image: outcome.image,
      phases,
    };
  } catch (error) {
    if (stage === 'preflight') throw error;
    throw await rollBack(error, { session, chroot, originals, backup, snapshot, from, to, emit, output });
  } finally {
    await session.close();
  }
}

function targetRelease(chroot: DescribedChroot, requested: string | undefined): string {
  const releases = readReleases(chroot.distribution as string);
  if (!releases) throw new EngineError('bad-release', `no release data for ${chroot.distribution}: apt-get install distro-info-data`, { chroot: chroot.name });
  if (requested === undefined) {
    if (!chroot.nextRelease) throw new EngineError('bad-release', `${chroot.name} runs ${chroot.release}, and no newer release has been published`, { chroot: chroot.name });
    return chroot.nextRelease.series;
  }
  const order = compareReleases(releases, requested, chroot.release as string);
  if (order === undefined) throw new EngineError('bad-release', `"${requested}" is not a ${chroot.distribution} release (see /usr/share/distro-info/${chroot.distribution}.csv)`, { chroot: chroot.name });
  if (order <= 0) throw new EngineError('bad-release', `${requested} is not newer than ${chroot.release}, which ${chroot.name} runs: downgrades are not possible`, { chroot: chroot.name });
  return requested;
}

async function requireCleanDpkg(session: Session): Promise<void> {
  const name = session.chroot.name;
  let audit = '';
  try {
    audit = (await readInside(session, ['dpkg', '--audit'])).trim();
  } catch (error) {
    audit = isEngineError(error) ? error.shortMessage : String(error);
  }
  if (audit !== '') throw new EngineError('not-ready', `dpkg is not clean in ${name} (dpkg --audit reports problems): run "ltsp-chroot upgrade ${name}" first`, { chroot: name });
  try {
    // apt-get check would wait for the lock this session holds; it changes nothing.
    await readInside(session, ['apt-get', 'check', '-q', '-o', 'Debug::NoLocking=true']);
  } catch (error) {
    throw new EngineError('not-ready', `${name} has broken packages (apt-get check fails): fix them first, for example with "ltsp-chroot exec ${name} -- apt-get -f install"`, { chroot: name, cause: error });
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
          throw new EngineError('not-ready', `${chroot.name} has no package lists for ${uri} ${suite} (apt-get update never ran there, or failed): run "ltsp-chroot refresh ${chroot.name}" first`, { chroot: chroot.name });
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
    throw new EngineError('no-space', `${chroot.name} needs about ${mb(needed)} free for the upgrade (download ${mb(downloadBytes)}, installed size +${mb(Math.max(0, installDeltaBytes))}), and its file system has ${mb(free)}: free some space first`, { chroot: chroot.name });
  }
}

async function takeSnapshot(root: string, from: string): Promise<string> {
  const target = `${root}.snapshot-${from}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  // Same file system, so rename can swap it back; reflink where the file system allows.
  await run('cp', ['-a', '--reflink=auto', '--one-file-system', root, target], { step: 'snapshot' });
  return target;
}

async function installedVersions(session: Session): Promise<Map<string, string>> {
  const text = await readInside(session, ['dpkg-query', '-W', '-f', '${binary:Package} ${Version} ${db:Status-Abbrev}\n']);
  const versions = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [pkg, version, status] = line.split(' ');
    if (pkg && version && status?.startsWith('ii')) versions.set(pkg, version);
  }
  return versions;
}

function diffInstalled(before: Map<string, string>, after: Map<string, string>): { upgraded: string[]; installed: string[]; removed: string[] } {
  const upgraded: string[] = [];
  const installed: string[] = [];
  for (const [pkg, version] of after) {
    const old = before.get(pkg);
    if (old === undefined) installed.push(pkg);
    else if (old !== version) upgraded.push(pkg);
  }
  const removed = [...before.keys()].filter((pkg) => !after.has(pkg));
  return { upgraded, installed, removed };
}

function releaseFields(chroot: DescribedChroot, to: string): Pick<DescribedChroot, 'nextRelease' | 'behindServer'> {
  const state = releaseState({ path: chroot.path, distribution: chroot.distribution, release: to }, { distribution: null, release: null });
  return { nextRelease: state.next, behindServer: false };
}

async function recordStatus(chroot: DescribedChroot, options: NormalizedOptions, session: Session): Promise<void> {
  const before = readStatusCache(options.stateDir).chroots.find((entry) => entry.path === chroot.path);
  const plan = await planUpdates(session, securityRulesFor(chroot.distribution), [packageCacheDir(options.cacheDir, chroot)]);
  await writeChrootStatuses(options.stateDir, [{ ...chrootStatus(chroot, before, { plan, upgraded: true }), nextRelease: chroot.nextRelease?.series ?? null }]);
}

interface RollBackContext {
  session: Session;
  chroot: DescribedChroot;
  originals: SourceFile[];
  backup: string;
  snapshot: string | null;
  from: string;
  to: string;
  emit: Emit;
  output: (line: string) => void;
}

/** Put the sources (and the snapshot) back; the error then says what state the chroot is in. */
async function rollBack(error: unknown, context: RollBackContext): Promise<EngineError> {
  const { session, chroot, originals, backup, snapshot, from, to, emit } = context;
  const reason = isEngineError(error) ? error.shortMessage : String((error as Error)?.message ?? error);
  const code = isEngineError(error) ? error.code : 'internal';
  return inStep(emit, chroot.name, 'rollback', async () => {
    writeSourceFiles(chroot.path, originals, chroot.name);
    if (snapshot !== null) {
      await session.teardown();
      const failed = `${chroot.path}.failed-${to}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(chroot.path, failed);
      renameSync(snapshot, chroot.path);
      return new EngineError(code, `release upgrade of ${chroot.name} to ${to} failed (${reason}); the chroot is back to its ${from} snapshot, and the failed tree is kept at ${failed}`, { chroot: chroot.name, cause: error });
    }
    try {
      await streamInside(session, ['apt-get', '-q', 'update'], { onOutput: context.output });
    } catch {
      // The sources are back either way; the lists follow on the next refresh.
    }
    const saved = existsSync(backup) ? ` (a copy of the original sources is in ${backup})` : '';
    return new EngineError(code, `release upgrade of ${chroot.name} to ${to} failed (${reason}). Its apt sources are back to ${from}${saved}, but the chroot may be partly upgraded: to finish the move, fix the cause and run "ltsp-chroot release-upgrade ${chroot.name} --to ${to}" again; to go back, restore a backup of the chroot`, { chroot: chroot.name, cause: error });
  });
}

