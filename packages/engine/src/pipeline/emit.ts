// How the pipelines report: a callback that takes protocol events (without the version field).
import type { TargetKind } from '../protocol/chroot.js';
import type { EngineEvent } from '../protocol/events.js';

export type EventBody = EngineEvent extends infer E ? (E extends unknown ? Omit<E, 'v'> : never) : never;
export type Emit = (event: EventBody) => void;

/**
 * `emit` for one target's steps: what it says of that target also says its kind, so a chroot
 * named "server" and the server stay apart for a reader keyed by name.
 */
export function targetEmit(emit: Emit, target: { name: string; kind: TargetKind }): Emit {
  return (event) => emit('chroot' in event && event.chroot === target.name && !('kind' in event && event.kind) ? { ...event, kind: target.kind } as EventBody : event);
}
