// The steps of `release-upgrade`, in the order they run. Everything that can refuse does so before
// anything changes; the move is journaled with its sources, and from then on a failure puts them
// back (and, with --snapshot, the whole chroot), or says exactly how to finish or roll back.
import { planUpdates } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { readOsRelease } from '../discover/os-release.js';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { imageStep, kernelStep } from '../ltsp/ltsp-steps.js';
import { initrdStep, ipxeStep, type ServerLtspContext } from '../ltsp/server-steps.js';
import { streamInside } from '../apt/apt-in-session.js';
import { beginMove } from '../release/begin-move.js';
import { distributionUpgrader } from '../release/distribution-upgrader.js';
import { diffInstalled, installedVersions } from '../release/installed-changes.js';
import { preflight, type MovePlan } from '../release/preflight.js';
import { releaseState } from '../release/release-state.js';
import { rollBack } from '../release/rollback.js';
import { takeSnapshot } from '../release/snapshot.js';
import { writeSourceFiles } from '../release/source-files.js';
import { removeReleaseJournal, type ReleaseJournal } from '../release/upgrade-journal.js';
import { sharedCaches } from '../session/package-cache.js';
import { readStatusCache, writeChrootStatuses } from '../status/status-cache.js';
import { fromStep, opened, planned } from './chroot-context.js';
import { chrootStatus, liveImage } from './chroot-status.js';
import { aptUpdateStep, dpkgRecoverStep, sessionStep } from './chroot-steps.js';
import { installWithProgress } from './install.js';
import type { Gate, Step, StepList } from './run-steps.js';

export interface MoveContext extends ServerLtspContext {
  readonly from: string;
  readonly to: string;
  /** The journal of a move that was cut short, found as this run began: the move goes on from there. */
  readonly unfinished: ReleaseJournal | undefined;
  /** --snapshot, --with-backports, and the administrator's yes at a terminal. */
  readonly wantSnapshot: boolean;
  readonly withBackports: boolean;
  /** Unset once a run over several targets has asked its one question for all of them. */
  confirm: ((question: string) => Promise<boolean>) | undefined;
  /** The sources as they are and as they will be: from the preflight, or from the journal. */
  move?: MovePlan;
  /** Set by a run over the server and its chroots, whose preflights all ran before anything changed. */
  preflighted?: boolean;
  snapshot: string | null;
  /** The move under way, journaled as its sources are rewritten: from then on a failure rolls it back. */
  journal?: ReleaseJournal;
  /** The installed packages before the move's upgrades, and what those removed. */
  installedBefore?: Map<string, string>;
  removed: string[];
}

/** A move that starts here, not one that goes on from its journal (which did these steps before). */
const starting = (context: MoveContext) => context.unfinished === undefined;

/** The target release on the mirror, dpkg, the sources, the space; a move that goes on has passed it already. */
export const preflightStep: Step<MoveContext> = {
  id: 'preflight',
  need: 'read',
  skip: (context) => {
    if (context.preflighted) return 'checked with the server and its chroots before anything changed';
    const journal = context.unfinished;
    if (journal === undefined) return null;
    context.move = { originals: journal.originals, files: journal.target, disabled: journal.disabled, question: `${journal.name}: finish the interrupted move ${journal.from} → ${journal.to}` };
    context.emit({ type: 'log', level: 'warning', chroot: journal.name, message: _f('the interrupted move of {chroot} from {from} to {to} goes on from where it stopped', { chroot: journal.name, from: journal.from, to: journal.to }) });
    return `finishing the move to ${journal.to} that was cut short`;
  },
  run: async (context) => {
    context.move = await preflight(opened(context), context.chroot, context.from, context.to, context.withBackports, context.output);
  },
};

const confirmMove: Gate<MoveContext> = {
  gate: async (context) => {
    const { question } = fromStep(context, 'preflight', context.move);
    if (!context.confirm || (await context.confirm(question))) return;
    throw new EngineError('cancelled', _f('release upgrade of {chroot} cancelled: nothing was changed', { chroot: context.name }), { chroot: context.name });
  },
};

/** cp -a beside the chroot, while nothing of ours is in it. */
const snapshotStep: Step<MoveContext> = {
  id: 'snapshot',
  need: 'lock',
  when: starting,
  skip: (context) => {
    // A copy of / would hold every file system the server mounts: its own backups are for that.
    if (context.chroot.kind === 'server') return 'the server is not copied: keep a backup of it the way you always do';
    return context.wantSnapshot ? null : 'not asked for (--snapshot)';
  },
  run: async (context) => {
    context.snapshot = await takeSnapshot(context.chroot.path, context.from);
  },
};

/** The current release's own updates, when there are some (planned as the step is decided). */
const currentUpdatesStep: Step<MoveContext> = {
  id: 'install',
  need: 'install',
  when: async (context) => {
    if (!starting(context)) return false;
    context.plan = await planUpdates(opened(context), securityRulesFor(context.chroot.distribution), sharedCaches(context.options.cacheDir, context.chroot));
    return context.plan.pending > 0;
  },
  run: (context) => installWithProgress(opened(context), [planned(context).mode], context.emit, context.output),
};

/** The engine's own move (every chroot, a Debian server), not the distribution's tool (an Ubuntu server). */
const ownMove = (context: MoveContext) => distributionUpgrader(context.chroot) === undefined;

/** Journal the move first (a move that goes on has its journal), then rewrite every sources file. */
const sourcesStep: Step<MoveContext> = {
  id: 'sources',
  when: ownMove,
  run: async (context) => {
    const { chroot, options, from, to, snapshot } = context;
    context.journal = context.unfinished ?? beginMove({ stateDir: options.stateDir, chroot, from, to, plan: fromStep(context, 'preflight', context.move), snapshot });
    writeSourceFiles(chroot.path, context.journal.target, chroot.name);
  },
};

/** apt-get upgrade --without-new-pkgs: the minimal upgrade first, as Debian's release notes say. */
const minimalUpgradeStep: Step<MoveContext> = {
  id: 'install',
  need: 'install',
  when: ownMove,
  run: async (context) => {
    const session = opened(context);
    context.installedBefore = await installedVersions(session);
    await installWithProgress(session, ['upgrade', '--without-new-pkgs'], context.emit, context.output);
  },
};

/** apt-get dist-upgrade: the full upgrade; then what it changed. */
const fullUpgradeStep: Step<MoveContext> = {
  id: 'install',
  need: 'install',
  when: ownMove,
  run: async (context) => {
    const session = opened(context);
    await installWithProgress(session, ['dist-upgrade'], context.emit, context.output);
    await noteChanges(context, session);
  },
};

/** do-release-upgrade on an Ubuntu server: its own sources, upgrade and rollback; then what it changed. */
const distributionMoveStep: Step<MoveContext> = {
  id: 'install',
  kind: 'server',
  need: 'install',
  when: (context) => !ownMove(context),
  run: async (context) => {
    const session = opened(context);
    context.installedBefore = await installedVersions(session);
    await streamInside(session, distributionUpgrader(context.chroot) as string[], { onOutput: context.output });
    await noteChanges(context, session);
  },
};

async function noteChanges(context: MoveContext, session: ReturnType<typeof opened>): Promise<void> {
  const changes = diffInstalled(fromStep(context, 'install', context.installedBefore), await installedVersions(session));
  context.outcome.upgraded = changes.upgraded;
  context.outcome.installed = changes.installed;
  context.removed = changes.removed;
}

const requireNewRelease: Gate<MoveContext> = {
  gate: async ({ chroot, to }) => {
    const now = (await readOsRelease(chroot.path)).codename;
    if (now !== to) throw new EngineError('apt-failed', _f('{chroot} still says it runs {release} after the upgrade', { chroot: chroot.name, release: now ?? _('an unknown release') }), { chroot: chroot.name });
  },
};

/** The status of the moved chroot; then the move is over, and its journal goes. */
const moveStatusStep: Step<MoveContext> = {
  id: 'status',
  need: 'read',
  run: async (context) => {
    const { options } = context;
    const moved = movedChroot(context.chroot, context.to);
    const before = readStatusCache(options.stateDir).chroots.find((entry) => entry.path === moved.path);
    const plan = await planUpdates(opened(context), securityRulesFor(moved.distribution), sharedCaches(options.cacheDir, moved));
    await writeChrootStatuses(options.stateDir, [{ ...chrootStatus(moved, before, { plan, upgraded: true, image: context.outcome.image.ran ? liveImage(moved, options.tftpDir) : undefined }), nextRelease: moved.nextRelease?.series ?? null }]);
    removeReleaseJournal(options.stateDir, moved.path, moved.name);
  },
};

/**
 * Once the move has begun, any failure puts the sources back (and the snapshot); the error then says
 * how things stand. A move that goes on from its journal has begun before this run: it rolls back
 * too when it cannot go on (a run killed as its rollback began leaves a dpkg that cannot be repaired).
 * A run that could not open the session (another holds the chroot) changes nothing.
 */
const rollbackStep: Step<MoveContext> = {
  id: 'rollback',
  always: true,
  when: (context) => context.failure !== undefined && context.session !== undefined && (context.journal ?? context.unfinished) !== undefined,
  run: async (context) => {
    const journal = fromStep(context, 'sources', context.journal ?? context.unfinished);
    const error = await rollBack(context.failure?.error, { session: opened(context), journal, options: context.options, output: context.output });
    context.failure = { error };
  },
};

function movedChroot(chroot: DescribedChroot, to: string): DescribedChroot {
  const state = releaseState({ path: chroot.path, distribution: chroot.distribution, release: to }, { distribution: null, release: null });
  return { ...chroot, release: to, nextRelease: state.next, behindServer: false };
}

/**
 * LTSP's server-side steps once the server has moved (after its chroots, when they move with it):
 * the new release's ltsp goes into the clients' initrd, and its iPXE binaries to TFTP.
 */
export const serverAfterMoveSteps: StepList<MoveContext> = [initrdStep, ipxeStep];

/** `release-upgrade` of one chroot, or of the server. */
export const releaseUpgradeSteps: StepList<MoveContext> = [
  // The lock only: nothing of ours is in the chroot while dpkg is checked, nor when it is copied.
  sessionStep('read'),
  dpkgRecoverStep,
  preflightStep,
  confirmMove,
  snapshotStep,
  // The current release's own updates first.
  { ...aptUpdateStep<MoveContext>('install'), when: starting },
  currentUpdatesStep,
  // The move: the sources, the new lists, a minimal upgrade, then the full one (or Ubuntu's own tool).
  sourcesStep,
  { ...aptUpdateStep<MoveContext>('install'), when: ownMove },
  minimalUpgradeStep,
  fullUpgradeStep,
  distributionMoveStep,
  requireNewRelease,
  imageStep,
  kernelStep,
  moveStatusStep,
  rollbackStep,
];
