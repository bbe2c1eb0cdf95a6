// `refresh`, the periodic job: apt-get update and download the updates in every runnable chroot.
// Chroots that share a package cache (same distribution and architecture) go one
// after another, so a .deb is fetched once; the groups run side by side, one per core.
import { streamInside } from '../apt/apt-in-session.js';
import { parseStatusLine } from '../apt/status-fd.js';
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { packageCacheDir } from '../session/package-cache.js';
import { readStatusCache } from '../status/status-cache.js';
import type { StatusRun } from './check.js';
import { availableRelease } from './available-release.js';
import { chrootContext, opened, planned, type ChrootContext } from './chroot-context.js';
import { chrootLimit, limitError } from './chroot-limit.js';
import { chrootStatus } from './chroot-status.js';
import { aptUpdateStep, planStep, sessionStep } from './chroot-steps.js';
import type { Emit } from './emit.js';
import { failedStatus } from './failed-status.js';
import { inPool } from './pool.js';
import { runSteps, type Step, type StepList } from './run-steps.js';
import { statusCacheContext, statusCacheStep, type StatusCacheContext } from './status-cache-step.js';
import { serverFirst } from '../status/status-order.js';
import type { Targets } from './targets.js';

interface RefreshContext extends ChrootContext {
  /** The admin's "do not download" setting turns this off: lists only. */
  readonly download: boolean;
}

/** apt-get --download-only into the shared package cache, when something is left to fetch. */
const downloadStep: Step<RefreshContext> = {
  id: 'download',
  need: 'fetch',
  skip: (context) => {
    const plan = planned(context);
    if (!context.download) return 'downloads are switched off: lists only';
    if (plan.downloadBytes === 0) return plan.pending === 0 ? 'no updates' : 'the package cache has every update already';
    return null;
  },
  run: async (context) => {
    const plan = planned(context);
    await streamInside(opened(context), ['apt-get', '-q', '-y', '--download-only', plan.mode], {
      onOutput: context.output,
      ...(context.limit ? { signal: context.limit } : {}),
      onStatus: (line) => {
        const progress = parseStatusLine(line);
        if (progress?.kind === 'download') context.emit({ type: 'progress', chroot: context.name, step: 'download', percent: progress.percent, message: progress.message });
      },
    });
    // A successful --download-only fetched every .deb of the plan: nothing is left to download,
    // and planning again would only run apt a second time to say so.
    context.plan = { ...plan, downloadBytes: 0 };
  },
};

/** For each chroot: lock it, refresh its lists, plan, and fetch what the plan needs. */
const refreshSteps: StepList<RefreshContext> = [sessionStep('fetch'), aptUpdateStep('fetch'), planStep('fetch'), downloadStep];
/** Then, once for all of them. */
const lastSteps: StepList<StatusCacheContext> = [statusCacheStep];

export interface RefreshOptions {
  /** At most this many chroot groups at once (default: one per core). */
  parallel?: number;
  /** Lists only: the admin's "do not download" setting. */
  download?: boolean;
  /** A chroot still refreshing after this long is stopped and failed; the others go on. */
  chrootTimeoutMs?: number;
}

/** Refresh the targets and write the status cache. */
export async function refreshChroots(targets: Targets, options: NormalizedOptions, emit: Emit, refresh: RefreshOptions = {}): Promise<StatusRun> {
  const previous = readStatusCache(options.stateDir).chroots;
  const run: StatusRun = { statuses: [], failed: [] };
  const groups = new Map<string, DescribedChroot[]>();
  for (const chroot of targets.runnable) {
    // The server keeps its own cache, so it goes beside the chroots.
    const key = chroot.kind === 'server' ? '' : packageCacheDir(options.cacheDir, chroot);
    groups.set(key, [...(groups.get(key) ?? []), chroot]);
  }
  await inPool([...groups.values()], async (group) => {
    for (const chroot of group) {
      const before = previous.find((entry) => entry.path === chroot.path);
      const limit = chrootLimit(refresh.chrootTimeoutMs);
      try {
        const context: RefreshContext = { ...chrootContext(chroot, options, emit, limit), download: refresh.download ?? true };
        await runSteps(refreshSteps, context);
        run.statuses.push(chrootStatus(chroot, before, { plan: planned(context), refreshed: true, nextRelease: await availableRelease(chroot) }));
      } catch (caught) {
        const error = limitError(chroot.name, 'refresh', limit, refresh.chrootTimeoutMs, caught);
        run.failed.push({ chroot: chroot.name, kind: chroot.kind, error });
        const status = failedStatus(chroot, before, error);
        if (status) run.statuses.push(status);
      }
    }
  }, refresh.parallel);
  for (const { chroot } of targets.unrunnable) run.statuses.push(chrootStatus(chroot, previous.find((entry) => entry.path === chroot.path), {}));
  run.statuses.sort(serverFirst);
  await runSteps(lastSteps, statusCacheContext(options.stateDir, run.statuses, emit));
  return run;
}
