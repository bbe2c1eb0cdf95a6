// `ltsp-chroot release-upgrade [NAME…] [--server|--everything] [--to CODENAME]`: move chroots, or
// the server and its chroots together, to the next release.
import { createInterface } from 'node:readline/promises';
import type { DescribedChroot } from '../../discover/list-chroots.js';
import { EngineError } from '../../errors/engine-error.js';
import { _, _f } from '../../text/i18n.js';
import type { Emit } from '../../pipeline/emit.js';
import { releaseUpgrade } from '../../pipeline/release-upgrade.js';
import { selectTargets } from '../../pipeline/targets.js';
import type { MoveOutcome, ReleaseUpgradeResult } from '../../protocol/events.js';
import { finishInterruptedRollbacks, readReleaseJournal } from '../../release/upgrade-journal.js';
import { emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot } from '../global-options.js';
import { imageLine, kernelLine, serverStepLine, timeLine } from '../render/outcome-lines.js';
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
  if (!server && names.length === 0) throw new EngineError('usage', _('name the chroots to move, or give --server (with the chroots to move along) or --everything'));
  if (!server && names.length > 1 && flags.to === undefined) {
    // Each to its own next release would be a surprise: name the release, or move them with the server.
    throw new EngineError('usage', _('give --to CODENAME to move several chroots at once, or --server to move them with the server'));
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
    else untouched.push({ chroot: chroot.name, reason: _f('it runs {release}, not the server\'s {serverRelease}', { release: chroot.release ?? _('an unknown release'), serverRelease: server?.release ?? '?' }) });
  }
  return { moving, untouched };
}

function renderMoves(moves: readonly MoveOutcome[], untouched: readonly Untouched[]): string {
  const lines: string[] = [];
  for (const move of moves) {
    if (move.error) {
      lines.push(_f('{chroot}: {from} → {to}: not moved: {message}', { chroot: move.chroot, from: move.from, to: move.to, message: move.error.message }));
      continue;
    }
    lines.push(_f('{chroot}: {from} → {to}: {upgraded} upgraded, {installed} newly installed, {removed} removed', { chroot: move.chroot, from: move.from, to: move.to, upgraded: move.upgraded, installed: move.installed, removed: move.removed.length }));
    if (move.disabledSources.length) lines.push(`  ${_f('disabled sources: {sources}', { sources: move.disabledSources.join(', ') })}`);
    if (move.sourcesBackup) lines.push(`  ${_f('original sources kept in {file}', { file: move.sourcesBackup })}`);
    if (move.snapshot) lines.push(`  ${_f('snapshot of the {release} chroot: {snapshot} (remove it once you are happy)', { release: move.from, snapshot: move.snapshot })}`);
    if (move.kind === 'server') {
      if (move.initrd) lines.push(`  ${serverStepLine('ltsp initrd', move.initrd)}`);
      if (move.ipxe) lines.push(`  ${serverStepLine('ltsp ipxe', move.ipxe)}`);
    } else {
      lines.push(`  ${imageLine(move.image)}`);
      lines.push(`  ${kernelLine(move.kernel)}`);
    }
    lines.push(`  ${timeLine(move.phases)}`);
  }
  lines.push(...untouched.map(({ chroot, reason }) => _f('{chroot}: not moved: {reason}', { chroot, reason })));
  return `${lines.join('\n')}\n`;
}

async function confirm(message: string): Promise<boolean> {
  writeErr(`${message}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${_('Upgrade to the new release?')} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
