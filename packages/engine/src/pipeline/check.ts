// `check`: pending updates and security updates of each chroot, from its current package lists; nothing changes.
import type { NormalizedOptions } from '../config/options.js';
import type { TargetKind } from '../protocol/chroot.js';
import type { ChrootStatus } from '../protocol/status.js';
import { readStatusCache } from '../status/status-cache.js';
import { availableRelease } from './available-release.js';
import { chrootContext, planned, type ChrootContext } from './chroot-context.js';
import { chrootLimit, limitError } from './chroot-limit.js';
import { chrootStatus } from './chroot-status.js';
import { planStep, sessionStep } from './chroot-steps.js';
import type { Emit } from './emit.js';
import { failedStatus } from './failed-status.js';
import { inPool } from './pool.js';
import { runSteps, type StepList } from './run-steps.js';
import { statusCacheContext, statusCacheStep, type StatusCacheContext } from './status-cache-step.js';
import { serverFirst } from '../status/status-order.js';
import type { Targets } from './targets.js';

/** For each chroot, several at once: lock it, then plan from its current lists with no network. */
const checkSteps: StepList<ChrootContext> = [sessionStep('read'), planStep('read')];
/** Then, once for all of them. */
const lastSteps: StepList<StatusCacheContext> = [statusCacheStep];

export interface ChrootFailure {
  chroot: string;
  kind: TargetKind;
  error: unknown;
}

export interface StatusRun {
  statuses: ChrootStatus[];
  failed: ChrootFailure[];
}

export interface CheckOptions {
  /** A chroot still being checked after this long is stopped and failed; the others go on. */
  chrootTimeoutMs?: number;
}

/** Check every target, several at once (one per core), and write the status cache. */
export async function checkChroots(targets: Targets, options: NormalizedOptions, emit: Emit, check: CheckOptions = {}): Promise<StatusRun> {
  const previous = readStatusCache(options.stateDir).chroots;
  const run: StatusRun = { statuses: [], failed: [] };
  await inPool(targets.runnable, async (chroot) => {
    const before = previous.find((entry) => entry.path === chroot.path);
    // Asking the mirror about the next release overlaps with apt's planning.
    const nextRelease = availableRelease(chroot);
    const limit = chrootLimit(check.chrootTimeoutMs);
    try {
      const context = chrootContext(chroot, options, emit, limit);
      await runSteps(checkSteps, context);
      run.statuses.push(chrootStatus(chroot, before, { plan: planned(context), nextRelease: await nextRelease }));
    } catch (caught) {
      const error = limitError(chroot.name, 'check', limit, check.chrootTimeoutMs, caught);
      run.failed.push({ chroot: chroot.name, kind: chroot.kind, error });
      const status = failedStatus(chroot, before, error);
      if (status) run.statuses.push(status);
    }
  }, 8);
  for (const { chroot } of targets.unrunnable) run.statuses.push(chrootStatus(chroot, previous.find((entry) => entry.path === chroot.path), {}));
  run.statuses.sort(serverFirst);
  await runSteps(lastSteps, statusCacheContext(options.stateDir, run.statuses, emit));
  return run;
}
