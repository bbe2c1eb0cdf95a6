// `release-upgrade`: move one chroot to the next release (the steps: release-upgrade-steps.ts).
// The target is settled first: a move that was cut short goes on to the release it was heading for.
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import type { ReleaseUpgradeResult } from '../protocol/events.js';
import { compareReleases, readReleases } from '../release/distro-info.js';
import { readReleaseJournal, requireReleaseLock } from '../release/upgrade-journal.js';
import { chrootContext, fromStep } from './chroot-context.js';
import type { Emit } from './emit.js';
import { releaseUpgradeSteps, type MoveContext } from './release-upgrade-steps.js';
import { runSteps } from './run-steps.js';
import type { UpgradeOptions } from './upgrade.js';

export interface ReleaseUpgradeOptions extends Pick<UpgradeOptions, 'kernel' | 'image'> {
  to?: string;
  snapshot: boolean;
  withBackports: boolean;
  confirm?: (message: string) => Promise<boolean>;
}

type Body = Omit<ReleaseUpgradeResult, 'v' | 'type' | 'command'>;

/** Upgrade `chroot` to the next release (or `--to`); the result says what happened. */
export async function releaseUpgrade(chroot: DescribedChroot, options: NormalizedOptions, emit: Emit, upgrade: ReleaseUpgradeOptions): Promise<Body> {
  const name = chroot.name;
  const unfinished = readReleaseJournal(options.stateDir, chroot.path, name);
  if (unfinished !== undefined && upgrade.to !== undefined && upgrade.to !== unfinished.to) {
    throw new EngineError('not-ready', `${name} is in the middle of its move from ${unfinished.from} to ${unfinished.to}: run "ltsp-chroot release-upgrade ${name}" to finish it first`, { chroot: name });
  }
  const from = unfinished?.from ?? chroot.release;
  if (!from || !chroot.distribution) throw new EngineError('bad-release', `${name} does not say which release it runs (no VERSION_CODENAME in its os-release)`, { chroot: name });
  const to = unfinished?.to ?? targetRelease(chroot, upgrade.to);
  const phases: Record<string, number> = {};
  const context: MoveContext = {
    ...chrootContext(chroot, options, emit),
    phases,
    from,
    to,
    unfinished,
    wantSnapshot: upgrade.snapshot,
    withBackports: upgrade.withBackports,
    confirm: upgrade.confirm,
    ltsp: { kernel: upgrade.kernel, image: upgrade.image },
    outcome: { upgraded: [], installed: [], kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' } },
    snapshot: null,
    removed: [],
  };
  const releaseLock = await requireReleaseLock(options.stateDir, chroot.path, name);
  try {
    await runSteps(releaseUpgradeSteps, context);
  } finally {
    releaseLock.release();
  }
  const journal = fromStep(context, 'sources', context.journal);
  const { outcome } = context;
  return {
    chroot: name,
    from,
    to,
    upgraded: outcome.upgraded.length,
    installed: outcome.installed.length,
    removed: context.removed,
    disabledSources: journal.disabled,
    sourcesBackup: journal.backup,
    snapshot: journal.snapshot,
    kernel: outcome.kernel,
    image: outcome.image,
    phases,
  };
}

function targetRelease(chroot: DescribedChroot, requested: string | undefined): string {
  const releases = readReleases(chroot.distribution as string);
  if (!releases) throw new EngineError('bad-release', `no release data for ${chroot.distribution}: apt-get install distro-info-data`, { chroot: chroot.name });
  if (requested === undefined) {
    if (!chroot.nextRelease) throw new EngineError('bad-release', `${chroot.name} runs ${chroot.release}, and no newer release has been published`, { chroot: chroot.name });
    return chroot.nextRelease.series;
  }
  const order = compareReleases(releases, requested, chroot.release as string);
  if (order === undefined) throw new EngineError('bad-release', `"${requested}" is not a ${chroot.distribution} release (see /usr/share/distro-info/${chroot.distribution}.csv)`, { chroot: chroot.name });
  if (order <= 0) throw new EngineError('bad-release', `${requested} is not newer than ${chroot.release}, which ${chroot.name} runs: downgrades are not possible`, { chroot: chroot.name });
  return requested;
}
