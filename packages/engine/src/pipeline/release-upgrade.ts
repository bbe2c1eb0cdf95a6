// `release-upgrade`: move one chroot to the next release. Everything that can refuse does so
// before anything changes; once the sources are rewritten, any failure puts them back (and,
// with --snapshot, the whole chroot), or says exactly how to finish or roll back.
import path from 'node:path';
import { streamInside } from '../apt/apt-in-session.js';
import { packageStates } from '../apt/package-states.js';
import { planUpdates } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { readOsRelease } from '../discover/os-release.js';
import { EngineError } from '../errors/engine-error.js';
import type { ReleaseUpgradeResult } from '../protocol/events.js';
import { compareReleases, readReleases } from '../release/distro-info.js';
import { releaseState } from '../release/release-state.js';
import { preflight, type MovePlan } from '../release/preflight.js';
import { rollBack } from '../release/rollback.js';
import { takeSnapshot } from '../release/snapshot.js';
import { backUpSourceFiles, writeSourceFiles } from '../release/source-files.js';
import { readReleaseJournal, removeReleaseJournal, requireReleaseLock, writeReleaseJournal, type ReleaseJournal } from '../release/upgrade-journal.js';
import { packageCacheDir, type Session } from '../session/session.js';
import { readStatusCache, writeChrootStatuses } from '../status/status-cache.js';
import { chrootStatus } from './chroot-status.js';
import { inStep, skipStep, type Emit } from './emit.js';
import { installWithProgress } from './install.js';
import { dpkgInterrupted, recoverDpkg } from './recover-dpkg.js';
import { sessionFor } from './open-session.js';
import { ltspSteps } from '../ltsp/ltsp-steps.js';
import type { UpgradeOptions } from './upgrade.js';

export interface ReleaseUpgradeOptions extends Pick<UpgradeOptions, 'kernel' | 'image'> {
  to?: string;
  snapshot: boolean;
  withBackports: boolean;
  confirm?: (message: string) => Promise<boolean>;
}

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
  // A move that was cut short goes on to the release it was heading for.
  const unfinished = readReleaseJournal(options.stateDir, chroot.path, name);
  if (unfinished !== undefined && upgrade.to !== undefined && upgrade.to !== unfinished.to) {
    throw new EngineError('not-ready', `${name} is in the middle of its move from ${unfinished.from} to ${unfinished.to}: run "ltsp-chroot release-upgrade ${name}" to finish it first`, { chroot: name });
  }
  const from = unfinished?.from ?? chroot.release;
  if (!from || !chroot.distribution) throw new EngineError('bad-release', `${name} does not say which release it runs (no VERSION_CODENAME in its os-release)`, { chroot: name });
  const to = unfinished?.to ?? targetRelease(chroot, upgrade.to);

  const releaseLock = await requireReleaseLock(options.stateDir, chroot.path, name);
  // 1. Lock only: nothing is mounted, so a snapshot copies the chroot and nothing else.
  let session: Session;
  try {
    session = await timed('session', () => sessionFor(chroot, options, 'read'));
  } catch (error) {
    releaseLock.release();
    throw error;
  }
  let stage: 'preflight' | 'changing' = 'preflight';
  let journal: ReleaseJournal | undefined = unfinished;
  try {
    // 2. Preflight: refuse before anything changes (an interrupted dpkg run is finished first).
    await finishInterruptedDpkg(session, emit, timed, output);
    const plan = unfinished === undefined ? await timed('preflight', () => preflight(session, chroot, from, to, upgrade.withBackports, output)) : resumed(unfinished, emit);
    if (upgrade.confirm && !(await upgrade.confirm(plan.question))) {
      throw new EngineError('cancelled', `release upgrade of ${name} cancelled: nothing was changed`, { chroot: name });
    }

    if (journal === undefined) {
      // 3. The snapshot, while nothing is mounted in the chroot.
      let snapshot: string | null = null;
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
      const backup = path.join(options.stateDir, 'release-upgrade', `${name}-${from}-to-${to}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      backUpSourceFiles(plan.originals, backup);
      journal = { v: 1, chroot: chroot.path, name, from, to, backup, snapshot, originals: plan.originals, target: plan.files, disabled: plan.disabled, phase: 'moving' };
      // From here on the next run finishes the move, whatever happens to this one.
      writeReleaseJournal(options.stateDir, journal);
    } else {
      stage = 'changing';
      await session.prepare({ guardDaemons: true, network: true, aptWrites: true, mountPackageCache: true });
    }

    // 5. The move: sources, lists, a minimal upgrade, then the full one.
    const moving = journal;
    await timed('sources', async () => writeSourceFiles(chroot.path, moving.target, chroot.name));
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
    removeReleaseJournal(options.stateDir, chroot.path, name);
    return {
      chroot: name,
      from,
      to,
      upgraded: changes.upgraded.length,
      installed: changes.installed.length,
      removed: changes.removed,
      disabledSources: moving.disabled,
      sourcesBackup: moving.backup,
      snapshot: moving.snapshot,
      kernel: outcome.kernel,
      image: outcome.image,
      phases,
    };
  } catch (error) {
    if (stage === 'preflight' || journal === undefined) throw error;
    throw await rollBack(error, { session, journal, options, emit, output });
  } finally {
    await session.close();
    releaseLock.release();
  }
}

/** The plan of a move that was cut short, from its journal: the same sources, the same target. */
function resumed(journal: ReleaseJournal, emit: Emit): MovePlan {
  emit({ type: 'log', level: 'warning', chroot: journal.name, message: `the interrupted move of ${journal.name} from ${journal.from} to ${journal.to} goes on from where it stopped` });
  skipStep(emit, journal.name, 'preflight', `finishing the move to ${journal.to} that was cut short`);
  return { originals: journal.originals, files: journal.target, disabled: journal.disabled, question: `${journal.name}: finish the interrupted move ${journal.from} → ${journal.to}` };
}

/** A dpkg run that was cut short (this run's own, or an administrator's) is finished before anything else. */
async function finishInterruptedDpkg(session: Session, emit: Emit, timed: <T>(step: 'dpkg-recover', work: () => Promise<T>) => Promise<T>, output: (line: string) => void): Promise<void> {
  const name = session.chroot.name;
  if (!(await dpkgInterrupted(session))) {
    skipStep(emit, name, 'dpkg-recover', 'dpkg is clean');
    return;
  }
  await session.prepare({ guardDaemons: true, network: true, aptWrites: true, mountPackageCache: true });
  const recovery = await timed('dpkg-recover', () => recoverDpkg(session, output));
  emit({ type: 'log', level: 'warning', chroot: name, message: `an interrupted update was finished: ${recovery.actions.join('; ')}` });
  await session.teardown();
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

async function installedVersions(session: Session): Promise<Map<string, string>> {
  const installed = (await packageStates(session)).filter((entry) => entry.status.startsWith('ii'));
  return new Map(installed.map((entry) => [entry.name, entry.version]));
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

