// `check`: pending updates and security updates of each chroot, from its current package lists; nothing changes.
import { planUpdates } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import type { ChrootStatus } from '../protocol/status.js';
import { readStatusCache, writeChrootStatuses } from '../status/status-cache.js';
import { availableRelease } from './available-release.js';
import { chrootStatus } from './chroot-status.js';
import { failedStatus } from './failed-status.js';
import { chrootLimit, limitError } from './chroot-limit.js';
import { inPool } from './pool.js';
import { inStep, type Emit } from './emit.js';
import { packageCacheDir } from '../session/session.js';
import { sessionFor } from './open-session.js';
import type { Targets } from './targets.js';

export interface ChrootFailure {
  chroot: string;
  error: unknown;
}

export interface StatusRun {
  statuses: ChrootStatus[];
  failed: ChrootFailure[];
}

export interface CheckOptions {
  /** A chroot still being checked after this long is stopped and failed; the others go on. */
  chrootTimeoutMs?: number;
}

/** Check every target, several at once (one per core), and write the status cache. */
export async function checkChroots(targets: Targets, options: NormalizedOptions, emit: Emit, check: CheckOptions = {}): Promise<StatusRun> {
  const previous = readStatusCache(options.stateDir).chroots;
  const run: StatusRun = { statuses: [], failed: [] };
  await inPool(targets.runnable, async (chroot) => {
    const before = previous.find((entry) => entry.path === chroot.path);
    // Asking the mirror about the next release overlaps with apt's planning.
    const nextRelease = availableRelease(chroot);
    const limit = chrootLimit(check.chrootTimeoutMs);
    try {
      const plan = await checkOne(chroot, options, emit, limit);
      run.statuses.push(chrootStatus(chroot, before, { plan, nextRelease: await nextRelease }));
    } catch (caught) {
      const error = limitError(chroot.name, 'check', limit, check.chrootTimeoutMs, caught);
      run.failed.push({ chroot: chroot.name, error });
      const status = failedStatus(chroot, before, error);
      if (status) run.statuses.push(status);
    }
  }, 8);
  for (const { chroot } of targets.unrunnable) run.statuses.push(chrootStatus(chroot, previous.find((entry) => entry.path === chroot.path), {}));
  run.statuses.sort((a, b) => a.name.localeCompare(b.name));
  await inStep(emit, '*', 'status', () => writeChrootStatuses(options.stateDir, run.statuses, (message) => emit({ type: 'log', level: 'warning', message })));
  return run;
}

async function checkOne(chroot: DescribedChroot, options: NormalizedOptions, emit: Emit, limit: AbortSignal | undefined) {
  const session = await inStep(emit, chroot.name, 'session', () => sessionFor(chroot, options, 'read'));
  try {
    return await inStep(emit, chroot.name, 'plan', () => planUpdates(session, securityRulesFor(chroot.distribution), [packageCacheDir(options.cacheDir, chroot)], limit));
  } finally {
    await session.close();
  }
}
