// `ltsp-chroot release-upgrade [NAME…] [--server|--everything] [--to CODENAME]`: move chroots, or
// the server and its chroots together, to the next release.
import { createInterface } from 'node:readline/promises';
import type { DescribedChroot } from '../../discover/list-chroots.js';
import { EngineError } from '../../errors/engine-error.js';
import type { Emit } from '../../pipeline/emit.js';
import { releaseUpgrade } from '../../pipeline/release-upgrade.js';
import { selectTargets } from '../../pipeline/targets.js';
import type { MoveOutcome, ReleaseUpgradeResult } from '../../protocol/events.js';
import { finishInterruptedRollbacks, readReleaseJournal } from '../../release/upgrade-journal.js';
import { emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot } from '../global-options.js';
import { formatDuration } from '../format.js';
import { humanEvents } from '../render/human-events.js';
import { reportFailures } from '../run-outcome.js';
import { stopWorkOnSignals } from '../stop-on-signals.js';
import type { TargetFlags } from './check.js';

export interface ReleaseUpgradeFlags extends TargetFlags {
  to?: string;
  snapshot?: boolean;
  yes?: boolean;
  kernel?: boolean;
  image?: boolean;
  withBackports?: boolean;
}

type Untouched = ReleaseUpgradeResult['untouched'][number];

/** Run `release-upgrade`; returns the exit code. */
export async function releaseUpgradeCommand(names: string[], flags: ReleaseUpgradeFlags): Promise<number> {
  stopWorkOnSignals();
  requireRoot('release-upgrade');
  const options = await engineOptions(flags);
  const sink: Emit = flags.json ? emit : humanEvents();
  const server = Boolean(flags.server || flags.everything);
  if (!server && names.length === 0) throw new EngineError('usage', 'name the chroots to move, or give --server (with the chroots to move along) or --everything');
  if (!server && names.length > 1 && flags.to === undefined) {
    // Each to its own next release would be a surprise: name the release, or move them with the server.
    throw new EngineError('usage', 'give --to CODENAME to move several chroots at once, or --server to move them with the server');
  }
  // Before listing: a rollback killed between its renames has the chroot's folder missing.
  await finishInterruptedRollbacks(options.stateDir, (message, chroot) => sink({ type: 'log', level: 'warning', chroot, message }));
  const targets = await selectTargets(options, { names, all: Boolean(flags.everything), server });
  const { moving, untouched } = flags.everything ? followersOf(targets.runnable, options.stateDir) : { moving: targets.runnable, untouched: [] };
  untouched.push(...targets.unrunnable.map(({ chroot, reason }) => ({ chroot: chroot.name, reason })));
  const ask = !flags.yes && !flags.json && Boolean(process.stdin.isTTY);
  const moves = await releaseUpgrade(moving, options, sink, {
    ...(flags.to === undefined ? {} : { to: flags.to }),
    snapshot: flags.snapshot ?? false,
    withBackports: flags.withBackports ?? false,
    kernel: flags.kernel ?? true,
    image: flags.image ?? true,
    ...(ask ? { confirm } : {}),
  });
  if (flags.json) emit({ type: 'result', command: 'release-upgrade', moves, untouched });
  else writeOut(renderMoves(moves, untouched));
  return reportFailures(moves);
}

/** --everything: the server and the chroots of its release (or already on their way to the next); the others stay, and are named. */
function followersOf(runnable: readonly DescribedChroot[], stateDir: string): { moving: DescribedChroot[]; untouched: Untouched[] } {
  const [server, ...chroots] = runnable;
  const moving: DescribedChroot[] = server ? [server] : [];
  const untouched: Untouched[] = [];
  for (const chroot of chroots) {
    const sameRelease = chroot.distribution === server?.distribution && chroot.release === server?.release;
    if (sameRelease || readReleaseJournal(stateDir, chroot.path, chroot.name) !== undefined) moving.push(chroot);
    else untouched.push({ chroot: chroot.name, reason: `it runs ${chroot.release ?? 'an unknown release'}, not the server's ${server?.release ?? 'release'}` });
  }
  return { moving, untouched };
}

function renderMoves(moves: readonly MoveOutcome[], untouched: readonly Untouched[]): string {
  const lines: string[] = [];
  for (const move of moves) {
    if (move.error) {
      lines.push(`${move.chroot}: ${move.from} → ${move.to}: not moved: ${move.error.message}`);
      continue;
    }
    lines.push(`${move.chroot}: ${move.from} → ${move.to}: ${move.upgraded} upgraded, ${move.installed} newly installed, ${move.removed.length} removed`);
    if (move.disabledSources.length) lines.push(`  disabled sources: ${move.disabledSources.join(', ')}`);
    if (move.sourcesBackup) lines.push(`  original sources kept in ${move.sourcesBackup}`);
    if (move.snapshot) lines.push(`  snapshot of the ${move.from} chroot: ${move.snapshot} (remove it once you are happy)`);
    if (move.kind === 'server') {
      if (move.initrd) lines.push(`  ltsp initrd: ${move.initrd.ran ? 'ran' : 'skipped'} (${move.initrd.reason})`);
      if (move.ipxe) lines.push(`  ltsp ipxe: ${move.ipxe.ran ? 'ran' : 'skipped'} (${move.ipxe.reason})`);
    } else {
      lines.push(`  image: ${move.image.ran ? 'rebuilt' : 'skipped'} (${move.image.reason})`);
      lines.push(`  kernel: ${move.kernel.ran ? 'copied to TFTP' : 'skipped'} (${move.kernel.reason})`);
    }
    lines.push(`  time: ${Object.entries(move.phases).map(([step, ms]) => `${step} ${formatDuration(ms)}`).join(', ')}`);
  }
  lines.push(...untouched.map(({ chroot, reason }) => `${chroot}: not moved: ${reason}`));
  return `${lines.join('\n')}\n`;
}

async function confirm(message: string): Promise<boolean> {
  writeErr(`${message}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question('Upgrade to the new release? [y/N] ')).trim());
  } finally {
    prompt.close();
  }
}
