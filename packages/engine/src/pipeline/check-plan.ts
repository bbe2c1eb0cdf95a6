// The part of `check` that plans: a session in the chroot and apt's plan from its current lists.
// check.ts loads it only for a chroot that needs one, so a check answered from the status cache
// never loads the session, confinement and process code.
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import type { ChrootStatus } from '../protocol/status.js';
import { availableRelease } from './available-release.js';
import { chrootContext, planned, type ChrootContext } from './chroot-context.js';
import { chrootLimit, limitError } from './chroot-limit.js';
import { chrootStatus } from './chroot-status.js';
import { planStep, sessionStep } from './chroot-steps.js';
import type { Emit } from './emit.js';
import { failedStatus } from './failed-status.js';
import { runSteps, type StepList } from './run-steps.js';

/** For each chroot: lock it, then plan from its current lists with no network. */
const checkSteps: StepList<ChrootContext> = [sessionStep('read'), planStep('read')];

/** What one chroot's plan gave: its new status entry, or the error that stopped it (with the entry that records it, if any). */
export type PlanOutcome = { status: ChrootStatus } | { error: unknown; status: ChrootStatus | undefined };

/** Plan `chroot` anew; `inputs` is the fingerprint of apt's inputs taken before, stored with the plan. */
export async function planChroot(chroot: DescribedChroot, before: ChrootStatus | undefined, inputs: string | undefined, options: NormalizedOptions, emit: Emit, timeoutMs: number | undefined): Promise<PlanOutcome> {
  // Asking the mirror about the next release overlaps with apt's planning.
  const nextRelease = availableRelease(chroot);
  const limit = chrootLimit(timeoutMs);
  try {
    const context = chrootContext(chroot, options, emit, limit);
    await runSteps(checkSteps, context);
    return { status: chrootStatus(chroot, before, { plan: planned(context), nextRelease: await nextRelease, ...(inputs === undefined ? {} : { aptInputs: inputs }) }) };
  } catch (caught) {
    const error = limitError(chroot.name, 'check', limit, timeoutMs, caught);
    return { error, status: failedStatus(chroot, before, error) };
  }
}
