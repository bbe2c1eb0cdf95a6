// `refresh`, the periodic job: apt-get update and download the updates in every runnable chroot.
// Chroots that share a package cache (same distribution, release and architecture) go one
// after another, so a .deb is fetched once; the groups run side by side, one per core.
import { streamInside } from '../apt/apt-in-session.js';
import { planUpdates } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import { parseStatusLine } from '../apt/status-fd.js';
import type { NormalizedOptions } from '../config/options.js';
import { chrootLimit, limitError } from './chroot-limit.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { readStatusCache, writeChrootStatuses } from '../status/status-cache.js';
import type { StatusRun } from './check.js';
import { availableRelease } from './available-release.js';
import { chrootStatus } from './chroot-status.js';
import { inStep, skipStep, type Emit } from './emit.js';
import { failedStatus } from './failed-status.js';
import { packageCacheDir } from '../session/session.js';
import { sessionFor } from './open-session.js';
import { inPool } from './pool.js';
import type { Targets } from './targets.js';

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
    const key = `${chroot.distribution}-${chroot.release}-${chroot.arch}`;
    groups.set(key, [...(groups.get(key) ?? []), chroot]);
  }
  await inPool([...groups.values()], async (group) => {
    for (const chroot of group) {
      const before = previous.find((entry) => entry.path === chroot.path);
      const limit = chrootLimit(refresh.chrootTimeoutMs);
      try {
        const plan = await refreshOne(chroot, options, emit, refresh.download ?? true, limit);
        run.statuses.push(chrootStatus(chroot, before, { plan, refreshed: true, nextRelease: await availableRelease(chroot) }));
      } catch (caught) {
        const error = limitError(chroot.name, 'refresh', limit, refresh.chrootTimeoutMs, caught);
        run.failed.push({ chroot: chroot.name, error });
        const status = failedStatus(chroot, before, error);
        if (status) run.statuses.push(status);
      }
    }
  }, refresh.parallel);
  for (const { chroot } of targets.unrunnable) run.statuses.push(chrootStatus(chroot, previous.find((entry) => entry.path === chroot.path), {}));
  run.statuses.sort((a, b) => a.name.localeCompare(b.name));
  await inStep(emit, '*', 'status', () => writeChrootStatuses(options.stateDir, run.statuses, (message) => emit({ type: 'log', level: 'warning', message })));
  return run;
}

async function refreshOne(chroot: DescribedChroot, options: NormalizedOptions, emit: Emit, download: boolean, limit: AbortSignal | undefined) {
  const name = chroot.name;
  const session = await inStep(emit, name, 'session', () => sessionFor(chroot, options, 'fetch'));
  const output = (line: string) => emit({ type: 'log', level: 'output', chroot: name, message: line });
  try {
    // Error-Mode=any: a source that cannot be fetched fails the update instead of leaving old lists.
    const stop = limit ? { signal: limit } : {};
    await inStep(emit, name, 'apt-update', () => streamInside(session, ['apt-get', '-q', '-o', 'APT::Update::Error-Mode=any', 'update'], { onOutput: output, ...stop }));
    const rules = securityRulesFor(chroot.distribution);
    const plan = await inStep(emit, name, 'plan', () => planUpdates(session, rules, [packageCacheDir(options.cacheDir, chroot)], limit));
    if (!download) {
      skipStep(emit, name, 'download', 'downloads are switched off: lists only');
      return plan;
    }
    if (plan.downloadBytes === 0) {
      skipStep(emit, name, 'download', plan.pending === 0 ? 'no updates' : 'the package cache has every update already');
      return plan;
    }
    await inStep(emit, name, 'download', () => streamInside(session, ['apt-get', '-q', '-y', '--download-only', plan.mode], {
      onOutput: output,
      ...stop,
      onStatus: (line) => {
        const progress = parseStatusLine(line);
        if (progress?.kind === 'download') emit({ type: 'progress', chroot: name, step: 'download', percent: progress.percent, message: progress.message });
      },
    }));
    // A successful --download-only fetched every .deb of the plan: nothing is left to download,
    // and planning again would only run apt a second time to say so.
    return { ...plan, downloadBytes: 0 };
  } finally {
    await session.close();
  }
}
