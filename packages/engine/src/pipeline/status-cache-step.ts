// The last step of check and refresh, once for all their chroots ('*'): one write of the status cache.
import type { ChrootStatus } from '../protocol/status.js';
import { writeChrootStatuses } from '../status/status-cache.js';
import type { Emit } from './emit.js';
import type { Step, StepContext } from './run-steps.js';

export interface StatusCacheContext extends StepContext {
  readonly stateDir: string;
  readonly statuses: readonly ChrootStatus[];
}

/** The context of the write of `statuses`, reported for '*'. */
export function statusCacheContext(stateDir: string, statuses: readonly ChrootStatus[], emit: Emit): StatusCacheContext {
  return { name: '*', emit, stateDir, statuses };
}

/** Write every chroot's entry at once; a cache that could not be read is set aside, with a warning. */
export const statusCacheStep: Step<StatusCacheContext> = {
  id: 'status',
  run: async ({ stateDir, statuses, emit }) => {
    await writeChrootStatuses(stateDir, statuses, (message) => emit({ type: 'log', level: 'warning', message }));
  },
};
