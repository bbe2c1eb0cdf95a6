// `release-upgrade`: move the server and its chroots, or one chroot, to the next release (the
// steps of each: release-upgrade-steps.ts). Each target's release is settled first (a move that was
// cut short goes on to the release it was heading for). With the server, every preflight runs
// before anything changes and one question covers them all; then the server moves, then each
// chroot (one that fails is rolled back and the others go on), then LTSP's server-side steps.
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { failureMessage } from '../errors/known-error.js';
import type { MoveOutcome } from '../protocol/events.js';
import { compareReleases, readReleases } from '../release/distro-info.js';
import { readReleaseJournal, requireReleaseLock } from '../release/upgrade-journal.js';
import { chrootContext } from './chroot-context.js';
import { dpkgRecoverStep, sessionStep } from './chroot-steps.js';
import type { Emit } from './emit.js';
import { preflightStep, releaseUpgradeSteps, serverAfterMoveSteps, type MoveContext } from './release-upgrade-steps.js';
import { runSteps, type StepList } from './run-steps.js';
import type { UpgradeOptions } from './upgrade.js';

export interface ReleaseUpgradeOptions extends Pick<UpgradeOptions, 'kernel' | 'image'> {
  to?: string;
  snapshot: boolean;
  withBackports: boolean;
  confirm?: (message: string) => Promise<boolean>;
}

/** What every target's preflight runs, before any of them changes. */
const preflightSteps: StepList<MoveContext> = [sessionStep('read'), dpkgRecoverStep, preflightStep];

/**
 * Move `targets` (the server first, when given): the result says, target by target, what moved.
 * Alone, a target's failure is thrown as its error; with others, a preflight failure stops them
 * all before anything changed, and a move that fails is reported and the next goes on.
 */
export async function releaseUpgrade(targets: readonly DescribedChroot[], options: NormalizedOptions, emit: Emit, upgrade: ReleaseUpgradeOptions): Promise<MoveOutcome[]> {
  const server = targets.find((target) => target.kind === 'server');
  const contexts: MoveContext[] = [];
  const serverContext = server === undefined ? undefined : moveContext(server, undefined, options, emit, upgrade);
  if (serverContext) contexts.push(serverContext);
  for (const chroot of targets.filter((target) => target.kind !== 'server')) contexts.push(moveContext(chroot, serverContext, options, emit, upgrade));
  const locks = [];
  try {
    for (const context of contexts) locks.push(await requireReleaseLock(options.stateDir, context.chroot.path, context.name));
    if (contexts.length === 1) {
      await runSteps(releaseUpgradeSteps, contexts[0] as MoveContext);
      if (serverContext) await runSteps(serverAfterMoveSteps, serverContext);
      return contexts.map((context) => outcomeOf(context, null));
    }
    await preflightAll(contexts);
    return await moveAll(contexts, serverContext);
  } finally {
    for (const lock of locks) lock.release();
  }
}

/** Every preflight, then one question for all: a refusal anywhere changes nothing anywhere. */
async function preflightAll(contexts: readonly MoveContext[]): Promise<void> {
  const refused: { context: MoveContext; error: unknown }[] = [];
  for (const context of contexts) {
    try {
      await runSteps(preflightSteps, context);
    } catch (error) {
      refused.push({ context, error });
    }
    context.session = undefined;
    context.preflighted = true;
  }
  const [first] = refused;
  if (first !== undefined) {
    const reasons = refused.map(({ context, error }) => `${context.name}: ${failureMessage(error).message}`);
    throw new EngineError(failureMessage(first.error).code, _f('nothing was changed, because {failed} of {count} preflights failed: {reasons}', { failed: refused.length, count: contexts.length, reasons: reasons.join('; ') }), { cause: first.error });
  }
  const confirm = contexts[0]?.confirm;
  const question = contexts.map((context) => context.move?.question ?? context.name).join('\n');
  for (const context of contexts) context.confirm = undefined;
  if (confirm && !(await confirm(question))) throw new EngineError('cancelled', _('release upgrade cancelled: nothing was changed'));
}

/** The server, then each chroot; a chroot never goes ahead of a server that could not move. */
async function moveAll(contexts: readonly MoveContext[], serverContext: MoveContext | undefined): Promise<MoveOutcome[]> {
  const outcomes: MoveOutcome[] = [];
  let serverFailed = false;
  for (const context of contexts) {
    if (serverFailed) {
      outcomes.push(outcomeOf(context, new EngineError('cancelled', _f('{chroot} was not moved: the server\'s own move failed, and a chroot does not go ahead of its server', { chroot: context.name }), { chroot: context.name })));
      continue;
    }
    try {
      await runSteps(releaseUpgradeSteps, context);
      outcomes.push(outcomeOf(context, null));
    } catch (error) {
      outcomes.push(outcomeOf(context, error));
      if (context === serverContext) serverFailed = true;
    }
  }
  if (serverContext && !serverFailed) {
    // The server has moved either way; its outcome now says what LTSP's steps did, or how they failed.
    const index = contexts.indexOf(serverContext);
    try {
      await runSteps(serverAfterMoveSteps, serverContext);
      outcomes[index] = outcomeOf(serverContext, null);
    } catch (error) {
      outcomes[index] = outcomeOf(serverContext, error, true);
    }
  }
  return outcomes;
}

/** The context of one target's move; a chroot moving with the server goes to the server's release. */
function moveContext(target: DescribedChroot, serverMove: MoveContext | undefined, options: NormalizedOptions, emit: Emit, upgrade: ReleaseUpgradeOptions): MoveContext {
  const name = target.name;
  const unfinished = readReleaseJournal(options.stateDir, target.path, name);
  const wanted = serverMove?.to ?? upgrade.to;
  if (unfinished !== undefined && wanted !== undefined && wanted !== unfinished.to) {
    throw new EngineError('not-ready', _f('{name} is in the middle of its move from {from} to {to}: run "ltsp-chroot release-upgrade {target}" to finish it first', { name, from: unfinished.from, to: unfinished.to, target: target.kind === 'server' ? '--server' : name }), { chroot: name });
  }
  const from = unfinished?.from ?? target.release;
  if (!from || !target.distribution) throw new EngineError('bad-release', _f('{name} does not say which release it runs (no VERSION_CODENAME in its os-release)', { name }), { chroot: name });
  if (serverMove !== undefined && unfinished === undefined && (target.distribution !== serverMove.chroot.distribution || from !== serverMove.from)) {
    throw new EngineError('bad-release', _f('{name} runs {distribution} {from} and the server {serverDistribution} {serverRelease}: only the chroots of the server\'s release move with it; move {name} on its own with "ltsp-chroot release-upgrade {name}"', { name, distribution: target.distribution, from, serverDistribution: serverMove.chroot.distribution, serverRelease: serverMove.from }), { chroot: name });
  }
  const to = unfinished?.to ?? (serverMove !== undefined ? serverMove.to : targetRelease(target, upgrade.to));
  return {
    ...chrootContext(target, options, emit),
    phases: {},
    from,
    to,
    unfinished,
    wantSnapshot: upgrade.snapshot,
    withBackports: upgrade.withBackports,
    confirm: upgrade.confirm,
    ltsp: { kernel: upgrade.kernel, image: upgrade.image },
    outcome: { upgraded: [], installed: [], kernel: { ran: false, reason: _('not reached') }, image: { ran: false, reason: _('not reached') } },
    snapshot: null,
    removed: [],
  };
}

function outcomeOf(context: MoveContext, error: unknown, moved = error === null): MoveOutcome {
  const { outcome } = context;
  const journal = context.journal ?? context.unfinished;
  const failure = error === null ? null : { chroot: context.name, kind: context.chroot.kind, ...failureMessage(error) };
  return {
    chroot: context.name,
    kind: context.chroot.kind,
    from: context.from,
    to: context.to,
    moved,
    upgraded: outcome.upgraded.length,
    installed: outcome.installed.length,
    removed: context.removed,
    disabledSources: journal?.disabled ?? [],
    sourcesBackup: journal?.backup ?? null,
    snapshot: journal?.snapshot ?? context.snapshot,
    kernel: outcome.kernel,
    image: outcome.image,
    ...(outcome.initrd ? { initrd: outcome.initrd } : {}),
    ...(outcome.ipxe ? { ipxe: outcome.ipxe } : {}),
    phases: context.phases ?? {},
    error: failure,
  };
}

function targetRelease(chroot: DescribedChroot, requested: string | undefined): string {
  const releases = readReleases(chroot.distribution as string);
  if (!releases) throw new EngineError('bad-release', _f('no release data for {distribution}: apt-get install distro-info-data', { distribution: chroot.distribution }), { chroot: chroot.name });
  if (requested === undefined) {
    if (!chroot.nextRelease) throw new EngineError('bad-release', _f('{chroot} runs {release}, and no newer release has been published', { chroot: chroot.name, release: chroot.release }), { chroot: chroot.name });
    return chroot.nextRelease.series;
  }
  const order = compareReleases(releases, requested, chroot.release as string);
  if (order === undefined) throw new EngineError('bad-release', _f('"{requested}" is not a {distribution} release (see /usr/share/distro-info/{distribution}.csv)', { requested, distribution: chroot.distribution }), { chroot: chroot.name });
  if (order <= 0) throw new EngineError('bad-release', _f('{requested} is not newer than {release}, which {chroot} runs: downgrades are not possible', { requested, release: chroot.release, chroot: chroot.name }), { chroot: chroot.name });
  return requested;
}
