// The one runner of the pipelines, LTSP's dispatcher in TypeScript: a command's steps are a list,
// in the order they run, and this is the only code that reports a step started, done, failed or
// skipped, that times it, and that sets the session up for it.
import { failureMessage } from '../errors/known-error.js';
import type { TargetKind } from '../protocol/chroot.js';
import type { StepId } from '../protocol/events.js';
import type { SessionNeed } from '../session/needs.js';
import type { Session } from '../session/session.js';
import type { Emit } from './emit.js';
import { _f } from '../text/i18n.js';

/** What the runner keeps for one chroot (or, named '*', for a step over all of them). */
export interface StepContext {
  /** The chroot's name in the events. */
  readonly name: string;
  /** The server or a chroot: the steps of the other kind are not part of its run. */
  readonly kind?: TargetKind;
  readonly emit: Emit;
  /** Opened by the session step; each later step's need moves it, and the end of the list closes it. */
  session?: Pick<Session, 'need' | 'close'>;
  /** Set by a failure: only the steps marked `always` run after it, and they may replace it. */
  failure?: { error: unknown };
  /** Milliseconds per step id, summed, for the commands that report them. */
  readonly phases?: Record<string, number>;
}

/** A step of a pipeline. */
export interface Step<C extends StepContext> {
  readonly id: StepId;
  /** Part of the runs of this kind of target only (LTSP's server-side steps); left out: of every target. */
  readonly kind?: TargetKind;
  /** What the session sets up while the step runs; none: the step works outside the chroot and the session stays as it is. */
  readonly need?: SessionNeed;
  /** Runs after a failed step too (a rollback, the status that records the failure). */
  readonly always?: boolean;
  /** False: the step is not part of this run at all, and nothing is said (a move that goes on has done it before). */
  readonly when?: (context: C) => boolean | Promise<boolean>;
  /**
   * Why the step is skipped this time, or null to run it. It is asked in the set-up the previous
   * step left, before anything is reported; what throws refuses the step with no step event.
   */
  readonly skip?: (context: C) => string | null | Promise<string | null>;
  readonly run: (context: C) => Promise<void>;
}

/** A check between two steps that is no step of its own (the administrator's yes): it reports nothing, and throws to stop. */
export interface Gate<C extends StepContext> {
  readonly gate: (context: C) => Promise<void>;
}

/** One command's steps (and gates), in the order they run. */
export type StepList<C extends StepContext> = readonly (Step<C> | Gate<C>)[];

/** The ids a list declares for `kind` (every kind when left out), in order: what a run that skips nothing and fails nowhere reports. */
export function stepIds<C extends StepContext>(list: StepList<C>, kind?: TargetKind): StepId[] {
  return list.flatMap((entry) => ('id' in entry && (kind === undefined || entry.kind === undefined || entry.kind === kind) ? [entry.id] : []));
}

/**
 * Run `list` for `context`. The first failure stops it, but for the steps marked `always`; once
 * the session is closed, the last failure is thrown.
 */
export async function runSteps<C extends StepContext>(list: StepList<C>, context: C): Promise<void> {
  try {
    for (const entry of list) {
      if (context.failure !== undefined && !('always' in entry && entry.always)) continue;
      try {
        if ('gate' in entry) await entry.gate(context);
        else await runStep(entry, context);
      } catch (error) {
        context.failure = { error };
      }
    }
  } finally {
    const report = await context.session?.close();
    // What stayed (a file swap that would not go back) stays in the journal for the next run; never silently.
    if (report && report.problems.length > 0) {
      context.emit({ type: 'log', level: 'warning', chroot: context.name, message: _f('{chroot}\'s session could not be taken down whole: {problems}; run "ltsp-chroot cleanup" to retry', { chroot: context.name, problems: report.problems.join('; ') }) });
    }
  }
  if (context.failure !== undefined) throw context.failure.error;
}

async function runStep<C extends StepContext>(step: Step<C>, context: C): Promise<void> {
  const { name: chroot, emit } = context;
  if (step.kind !== undefined && step.kind !== context.kind) return;
  if (step.when && !(await step.when(context))) return;
  const reason = step.skip ? await step.skip(context) : null;
  if (reason !== null) {
    emit({ type: 'step', chroot, step: step.id, state: 'skipped', message: reason });
    return;
  }
  const started = Date.now();
  const took = () => Date.now() - started;
  emit({ type: 'step', chroot, step: step.id, state: 'started' });
  try {
    // The set-up is part of the step that needs it: a set-up that fails is that step's failure.
    if (step.need !== undefined) await context.session?.need(step.need);
    await step.run(context);
    emit({ type: 'step', chroot, step: step.id, state: 'done', durationMs: took() });
  } catch (error) {
    emit({ type: 'step', chroot, step: step.id, state: 'failed', durationMs: took(), message: failureMessage(error).message });
    throw error;
  } finally {
    if (context.phases) context.phases[step.id] = (context.phases[step.id] ?? 0) + took();
  }
}
