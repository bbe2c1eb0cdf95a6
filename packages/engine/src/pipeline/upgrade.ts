// `upgrade`: install the pending updates of each chroot, one chroot at a time, then refresh the
// LTSP image and kernels only when something changed. A failure in one chroot does not stop the others.
import { installWithProgress } from './install.js';
import { dpkgInterrupted, recoverDpkg } from './recover-dpkg.js';
import { planUpdates, type UpdatesPlan } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { failureMessage } from '../errors/known-error.js';
import { journalPath, readReleaseJournal } from '../release/upgrade-journal.js';
import { ltspSteps } from '../ltsp/ltsp-steps.js';
import type { UpgradeOutcome } from '../protocol/events.js';
import { readStatusCache, writeChrootStatuses } from '../status/status-cache.js';
import { chrootStatus } from './chroot-status.js';
import { inStep, skipStep, type Emit } from './emit.js';
import { failedStatus } from './failed-status.js';
import { packageCacheDir } from '../session/session.js';
import { sessionFor } from './open-session.js';
import type { Targets } from './targets.js';

export interface UpgradeOptions {
  kernel: boolean;
  image: boolean;
  /** Asked once the plan is known; false stops before anything is installed. */
  confirm?: (chroot: DescribedChroot, plan: UpdatesPlan) => Promise<boolean>;
}

/** Upgrade every target in turn; each outcome says what ran, what was skipped and why. */
export async function upgradeChroots(targets: Targets, options: NormalizedOptions, emit: Emit, upgrade: UpgradeOptions): Promise<UpgradeOutcome[]> {
  const outcomes: UpgradeOutcome[] = [];
  for (const chroot of targets.runnable) {
    const before = readStatusCache(options.stateDir).chroots.find((entry) => entry.path === chroot.path);
    const outcome: UpgradeOutcome = {
      chroot: chroot.name,
      upgraded: [],
      installed: [],
      kernel: { ran: false, reason: 'not reached' },
      image: { ran: false, reason: 'not reached' },
      phases: {},
      status: null,
      error: null,
    };
    try {
      const plan = await upgradeOne(chroot, options, emit, upgrade, outcome);
      outcome.status = chrootStatus(chroot, before, { plan, upgraded: outcome.upgraded.length + outcome.installed.length > 0 });
    } catch (error) {
      outcome.error = { chroot: chroot.name, ...failureMessage(error) };
      outcome.status = failedStatus(chroot, before, error) ?? null;
    }
    if (outcome.status) await writeChrootStatuses(options.stateDir, [outcome.status]);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function upgradeOne(chroot: DescribedChroot, options: NormalizedOptions, emit: Emit, upgrade: UpgradeOptions, outcome: UpgradeOutcome): Promise<UpdatesPlan> {
  const name = chroot.name;
  const timed = async <T>(step: Parameters<typeof inStep>[2], work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await inStep(emit, name, step, work);
    } finally {
      outcome.phases[step] = Date.now() - started;
    }
  };
  const output = (line: string) => emit({ type: 'log', level: 'output', chroot: name, message: line });
  const rules = securityRulesFor(chroot.distribution);
  const moving = readReleaseJournal(options.stateDir, chroot.path, name);
  if (moving?.phase === 'moving') {
    // Plain updates against half-moved sources would mix two releases' plans.
    throw new EngineError('not-ready', `${name} is in the middle of its move from ${moving.from} to ${moving.to}: run "ltsp-chroot release-upgrade ${name}" to finish it (if the chroot was restored from a backup since, remove ${journalPath(options.stateDir, chroot.path, name)})`, { chroot: name });
  }
  const session = await timed('session', () => sessionFor(chroot, options, 'install'));
  let after: UpdatesPlan;
  try {
    if (await dpkgInterrupted(session)) {
      const recovery = await timed('dpkg-recover', () => recoverDpkg(session, output));
      emit({ type: 'log', level: 'warning', chroot: name, message: `an interrupted update was finished: ${recovery.actions.join('; ')}` });
    } else {
      skipStep(emit, name, 'dpkg-recover', 'dpkg is clean');
    }
    const plan = await timed('plan', () => planUpdates(session, rules, [packageCacheDir(options.cacheDir, chroot)]));
    if (plan.pending === 0) {
      skipStep(emit, name, 'install', 'nothing to install');
      after = plan;
    } else if (upgrade.confirm && !(await upgrade.confirm(chroot, plan))) {
      throw new EngineError('cancelled', `upgrade of ${name} cancelled: nothing was changed`, { chroot: name });
    } else {
      await timed('install', () => installWithProgress(session, [plan.mode], emit, output));
      outcome.upgraded = plan.packages.filter((entry) => !entry.isNew).map((entry) => entry.name);
      outcome.installed = plan.packages.filter((entry) => entry.isNew).map((entry) => entry.name);
      after = await planUpdates(session, rules, [packageCacheDir(options.cacheDir, chroot)]);
    }
    // LTSP's own steps read the chroot, not our mounts: take those down, keep the lock.
    await session.teardown();
    await ltspSteps(chroot, options, emit, upgrade, outcome, timed, output);
  } finally {
    await session.close();
  }
  return after;
}
