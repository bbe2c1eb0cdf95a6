// How the pipelines report: a callback that takes protocol events (without the version field).
import type { EngineEvent } from '../protocol/events.js';

export type EventBody = EngineEvent extends infer E ? (E extends unknown ? Omit<E, 'v'> : never) : never;
export type Emit = (event: EventBody) => void;
