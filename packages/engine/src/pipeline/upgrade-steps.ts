// The steps of `upgrade` for one chroot, in the order they run: install the pending updates, then
// LTSP's image and kernels only when something changed, then record the chroot's new status.
import { planUpdates, type UpdatesPlan } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { imageStep, kernelStep } from '../ltsp/ltsp-steps.js';
import { initrdStep, ipxeStep, type ServerLtspContext } from '../ltsp/server-steps.js';
import type { UpgradeOutcome } from '../protocol/events.js';
import type { ChrootStatus } from '../protocol/status.js';
import { journalPath, readReleaseJournal } from '../release/upgrade-journal.js';
import { sharedCaches } from '../session/package-cache.js';
import { writeChrootStatuses } from '../status/status-cache.js';
import { opened, planned } from './chroot-context.js';
import { chrootStatus, liveImage } from './chroot-status.js';
import { dpkgRecoverStep, planStep, sessionStep } from './chroot-steps.js';
import { failedStatus } from './failed-status.js';
import { installWithProgress } from './install.js';
import type { Gate, Step, StepList } from './run-steps.js';

export interface UpgradeContext extends ServerLtspContext {
  readonly outcome: UpgradeOutcome;
  /** The chroot's entry in the status cache before this run. */
  readonly before: ChrootStatus | undefined;
  /** Asked once the plan is known; false stops before anything is installed. */
  readonly confirm: ((chroot: DescribedChroot, plan: UpdatesPlan) => Promise<boolean>) | undefined;
  /** What is still pending once the updates are in. */
  after?: UpdatesPlan;
  /** The status cache could not be written: the state dir's failure, not the chroot's, and it stops the command. */
  stateFailure?: unknown;
}

/** Plain updates against half-moved sources would mix two releases' plans. */
const refuseHalfMoved: Gate<UpgradeContext> = {
  gate: async ({ chroot, options }) => {
    const moving = readReleaseJournal(options.stateDir, chroot.path, chroot.name);
    if (moving?.phase !== 'moving') return;
    throw new EngineError('not-ready', _f('{chroot} is in the middle of its move from {from} to {to}: run "ltsp-chroot release-upgrade {target}" to finish it (if the chroot was restored from a backup since, remove {journal})', { chroot: chroot.name, from: moving.from, to: moving.to, target: chroot.kind === 'server' ? '--server' : chroot.name, journal: journalPath(options.stateDir, chroot.path, chroot.name) }), { chroot: chroot.name });
  },
};

/** The administrator's yes at a terminal, once the plan is shown; nothing is asked when nothing is pending. */
const confirmInstall: Gate<UpgradeContext> = {
  gate: async (context) => {
    const plan = planned(context);
    if (plan.pending === 0 || !context.confirm || (await context.confirm(context.chroot, plan))) return;
    throw new EngineError('cancelled', _f('upgrade of {chroot} cancelled: nothing was changed', { chroot: context.name }), { chroot: context.name });
  },
};

/** apt-get dist-upgrade (or upgrade), keeping local configuration; then what is left pending. */
const installStep: Step<UpgradeContext> = {
  id: 'install',
  need: 'install',
  skip: (context) => (planned(context).pending === 0 ? 'nothing to install' : null),
  run: async (context) => {
    const { chroot, options, outcome } = context;
    const plan = planned(context);
    const session = opened(context);
    await installWithProgress(session, [plan.mode], context.emit, context.output);
    outcome.upgraded = plan.packages.filter((entry) => !entry.isNew).map((entry) => entry.name);
    outcome.installed = plan.packages.filter((entry) => entry.isNew).map((entry) => entry.name);
    context.after = await planUpdates(session, securityRulesFor(chroot.distribution), sharedCaches(options.cacheDir, chroot));
  },
};

/** The chroot's entry in the status cache; after a failure too, which it then records. */
const statusStep: Step<UpgradeContext> = {
  id: 'status',
  always: true,
  skip: (context) => {
    context.outcome.status = newStatus(context) ?? null;
    return context.outcome.status === null ? 'another run holds the chroot, and records its own status' : null;
  },
  run: async (context) => {
    if (!context.outcome.status) return;
    try {
      await writeChrootStatuses(context.options.stateDir, [context.outcome.status]);
    } catch (error) {
      context.stateFailure = error;
      throw error;
    }
  },
};

function newStatus(context: UpgradeContext): ChrootStatus | undefined {
  const { chroot, before, outcome } = context;
  if (context.failure !== undefined) return failedStatus(chroot, before, context.failure.error);
  const image = outcome.image.ran ? liveImage(chroot, context.options.tftpDir) : undefined;
  return chrootStatus(chroot, before, { plan: context.after ?? planned(context), upgraded: outcome.upgraded.length + outcome.installed.length > 0, image });
}

/** `upgrade`, for each chroot in turn. */
export const upgradeSteps: StepList<UpgradeContext> = [
  refuseHalfMoved,
  sessionStep('install'),
  dpkgRecoverStep,
  planStep('install'),
  confirmInstall,
  installStep,
  imageStep,
  kernelStep,
  initrdStep,
  ipxeStep,
  statusStep,
];
