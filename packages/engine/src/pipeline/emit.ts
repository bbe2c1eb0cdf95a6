// How the pipelines report: a callback that takes protocol events (without the version field).
import { failureMessage } from '../errors/known-error.js';
import type { EngineEvent, StepId } from '../protocol/events.js';

export type EventBody = EngineEvent extends infer E ? (E extends unknown ? Omit<E, 'v'> : never) : never;
export type Emit = (event: EventBody) => void;

/** Run `work` as step `step` of `chroot`: started, then done or failed, with its duration. */
export async function inStep<T>(emit: Emit, chroot: string, step: StepId, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  emit({ type: 'step', chroot, step, state: 'started' });
  try {
    const result = await work();
    emit({ type: 'step', chroot, step, state: 'done', durationMs: Date.now() - started });
    return result;
  } catch (error) {
    emit({ type: 'step', chroot, step, state: 'failed', durationMs: Date.now() - started, message: failureMessage(error).message });
    throw error;
  }
}

/** Say that a step was skipped, and why. */
export function skipStep(emit: Emit, chroot: string, step: StepId, reason: string): void {
  emit({ type: 'step', chroot, step, state: 'skipped', message: reason });
}
