// What the steps of one chroot share: the chroot, the options, its session and its plan once made.
import type { UpdatesPlan } from '../apt/plan-updates.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import type { StepId } from '../protocol/events.js';
import type { Session } from '../session/session.js';
import { targetEmit, type Emit } from './emit.js';
import type { StepContext } from './run-steps.js';

export interface ChrootContext extends StepContext {
  readonly chroot: DescribedChroot;
  readonly options: NormalizedOptions;
  /** Fires when the chroot's time is up (check and refresh bound it); its commands are then stopped. */
  readonly limit: AbortSignal | undefined;
  /** A raw line from apt or LTSP, for a "Details" view. */
  readonly output: (line: string) => void;
  session?: Session;
  /** The pending updates, once the plan step has worked them out. */
  plan?: UpdatesPlan;
}

/** The context of `chroot`'s steps, reporting to `emit`. */
export function chrootContext(chroot: DescribedChroot, options: NormalizedOptions, anyEmit: Emit, limit?: AbortSignal): ChrootContext {
  const emit = targetEmit(anyEmit, chroot);
  return {
    name: chroot.name,
    kind: chroot.kind,
    emit,
    chroot,
    options,
    limit,
    output: (line) => emit({ type: 'log', level: 'output', chroot: chroot.name, message: line }),
  };
}

/** The session the session step opened. */
export function opened(context: ChrootContext): Session {
  return fromStep(context, 'session', context.session);
}

/** The plan the plan step made. */
export function planned(context: ChrootContext): UpdatesPlan {
  return fromStep(context, 'plan', context.plan);
}

/** `value`, which `step` makes; a list that uses it before is a bug in the list, not the chroot's fault. */
export function fromStep<T>(context: StepContext, step: StepId, value: T | undefined): T {
  if (value === undefined) throw new EngineError('internal', `a step of ${context.name} ran before the ${step} step it depends on`, { chroot: context.name });
  return value;
}
