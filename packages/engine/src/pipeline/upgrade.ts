// `upgrade`: install the pending updates of each chroot, one chroot at a time (upgrade-steps.ts).
// A failure in one chroot does not stop the others.
import type { UpdatesPlan } from '../apt/plan-updates.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { failureMessage } from '../errors/known-error.js';
import type { UpgradeOutcome } from '../protocol/events.js';
import { readStatusCache } from '../status/status-cache.js';
import { chrootContext } from './chroot-context.js';
import type { Emit } from './emit.js';
import { runSteps } from './run-steps.js';
import type { Targets } from './targets.js';
import { upgradeSteps, type UpgradeContext } from './upgrade-steps.js';
import { _ } from '../text/i18n.js';

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
    const outcome: UpgradeOutcome = {
      chroot: chroot.name,
      kind: chroot.kind,
      upgraded: [],
      installed: [],
      kernel: { ran: false, reason: _('not reached') },
      image: { ran: false, reason: _('not reached') },
      phases: {},
      status: null,
      error: null,
    };
    const context: UpgradeContext = {
      ...chrootContext(chroot, options, emit),
      phases: outcome.phases,
      outcome,
      ltsp: { kernel: upgrade.kernel, image: upgrade.image },
      before: readStatusCache(options.stateDir).chroots.find((entry) => entry.path === chroot.path),
      confirm: upgrade.confirm,
    };
    try {
      await runSteps(upgradeSteps, context);
    } catch (error) {
      // A state dir that cannot take the status (a full disk) fails every chroot alike: one error for the command.
      if (context.stateFailure !== undefined) throw context.stateFailure;
      outcome.error = { chroot: chroot.name, kind: chroot.kind, ...failureMessage(error) };
    }
    outcomes.push(outcome);
  }
  return outcomes;
}
