// `check`: pending updates and security updates of each chroot, from its current package lists; nothing changes.
import type { NormalizedOptions } from '../config/options.js';
import type { TargetKind } from '../protocol/chroot.js';
import type { ChrootStatus } from '../protocol/status.js';
import { readStatusCache } from '../status/status-cache.js';
import { chrootStatus } from './chroot-status.js';
import type { Emit } from './emit.js';
import { inPool } from './pool.js';
import { runSteps, type StepList } from './run-steps.js';
import { statusCacheContext, statusCacheStep, type StatusCacheContext } from './status-cache-step.js';
import { serverFirst } from '../status/status-order.js';
import type { Targets } from './targets.js';
import { aptInputs } from '../apt/apt-inputs.js';
import { serverMachineId } from '../apt/machine-id.js';
import { engineVersion } from '../cli/version.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { readJournals } from '../session/journal.js';
import { lockChroot, lockServer } from '../session/lock.js';
import { sharedCaches } from '../session/package-cache.js';
import { _f } from '../text/i18n.js';

/** Once all chroots are done. */
const lastSteps: StepList<StatusCacheContext> = [statusCacheStep];

export interface ChrootFailure {
  chroot: string;
  kind: TargetKind;
  error: unknown;
}

export interface StatusRun {
  statuses: ChrootStatus[];
  failed: ChrootFailure[];
  /** The chroots answered from the status cache: nothing apt reads had changed since their last check. */
  unchanged?: string[];
}

export interface CheckOptions {
  /** A chroot still being checked after this long is stopped and failed; the others go on. */
  chrootTimeoutMs?: number;
  /** Plan every chroot anew, even one whose apt inputs are what its last check saw. */
  fresh?: boolean;
}

/** The fingerprint of what apt would read in `chroot` now (undefined: it cannot be told, so plan). */
function currentInputs(chroot: DescribedChroot, options: NormalizedOptions): string | undefined {
  // The engine's own version too: a newer engine may count differently; the server's id decides phasing.
  return aptInputs(chroot.path, sharedCaches(options.cacheDir, chroot), [`engine ${engineVersion}`, `machine-id ${serverMachineId() ?? '-'}`]);
}

/**
 * Whether nothing is at work on `chroot` now: its lock is free (taken and let go at once) and no
 * session of a dead run waits to be taken down. A chroot in use is checked as usual, which
 * says it is busy or finishes what the dead run left, instead of answering from the cache.
 */
async function freeNow(chroot: DescribedChroot, options: NormalizedOptions): Promise<boolean> {
  if (readJournals(options.stateDir).some((journal) => journal.header.chroot === chroot.path)) return false;
  try {
    const lock = chroot.kind === 'server' ? await lockServer(chroot.name, options.stateDir) : await lockChroot(chroot.path, chroot.name, options.stateDir);
    lock.release();
    return true;
  } catch {
    return false;
  }
}

/** The last check's entry when it still holds: made by a check from these very inputs, with no error since. */
function stillHolds(before: ChrootStatus | undefined, inputs: string | undefined): before is ChrootStatus {
  return inputs !== undefined && before !== undefined && before.aptInputs === inputs && before.lastCheck !== null && before.lastError === null && before.pending !== null;
}

/** Check every target, several at once (one per core), and write the status cache. */
export async function checkChroots(targets: Targets, options: NormalizedOptions, emit: Emit, check: CheckOptions = {}): Promise<StatusRun> {
  const previous = readStatusCache(options.stateDir).chroots;
  const run: StatusRun = { statuses: [], failed: [], unchanged: [] };
  await inPool(targets.runnable, async (chroot) => {
    const before = previous.find((entry) => entry.path === chroot.path);
    // Taken before apt runs: whatever changes during the check makes the next one plan anew.
    const inputs = currentInputs(chroot, options);
    if (!check.fresh && stillHolds(before, inputs) && (await freeNow(chroot, options))) {
      // The last plan is the one apt would make again; its next release too, since the lists it
      // was seen in are the same (a refresh, which fetches new lists, asks the mirror again).
      run.statuses.push(chrootStatus(chroot, before, {}));
      run.unchanged?.push(chroot.name);
      emit({ type: 'log', level: 'info', chroot: chroot.name, message: _f('nothing apt reads changed since the check of {at}: these counts are that check\'s (--fresh plans anew)', { at: before.lastCheck ?? '' }) });
      return;
    }
    // Only now the planning code: a run where every chroot is unchanged never loads it.
    const { planChroot } = await import('./check-plan.js');
    const outcome = await planChroot(chroot, before, inputs, options, emit, check.chrootTimeoutMs);
    if ('error' in outcome) run.failed.push({ chroot: chroot.name, kind: chroot.kind, error: outcome.error });
    if (outcome.status) run.statuses.push(outcome.status);
  }, 8);
  for (const { chroot } of targets.unrunnable) run.statuses.push(chrootStatus(chroot, previous.find((entry) => entry.path === chroot.path), {}));
  run.statuses.sort(serverFirst);
  await runSteps(lastSteps, statusCacheContext(options.stateDir, run.statuses, emit));
  return run;
}
