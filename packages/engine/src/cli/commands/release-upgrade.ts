// `ltsp-chroot release-upgrade NAME [--to CODENAME]`: move a chroot to the next release.
import { createInterface } from 'node:readline/promises';
import type { Emit } from '../../pipeline/emit.js';
import { releaseUpgrade } from '../../pipeline/release-upgrade.js';
import { selectTargets } from '../../pipeline/targets.js';
import { finishInterruptedRollbacks } from '../../release/upgrade-journal.js';
import { emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { formatDuration } from '../format.js';
import { humanEvents } from '../render/human-events.js';
import { stopWorkOnSignals } from '../stop-on-signals.js';

export interface ReleaseUpgradeFlags extends GlobalFlags {
  to?: string;
  snapshot?: boolean;
  yes?: boolean;
  kernel?: boolean;
  image?: boolean;
  withBackports?: boolean;
}

/** Run `release-upgrade`; returns the exit code. */
export async function releaseUpgradeCommand(name: string, flags: ReleaseUpgradeFlags): Promise<number> {
  stopWorkOnSignals();
  requireRoot('release-upgrade');
  const options = await engineOptions(flags);
  const sink: Emit = flags.json ? emit : humanEvents();
  // Before listing: a rollback killed between its renames has the chroot's folder missing.
  await finishInterruptedRollbacks(options.stateDir, (message, chroot) => sink({ type: 'log', level: 'warning', chroot, message }));
  const [chroot] = (await selectTargets(options, { names: [name], all: false, server: false })).runnable;
  if (!chroot) return 0;
  const ask = !flags.yes && !flags.json && Boolean(process.stdin.isTTY);
  const result = await releaseUpgrade(chroot, options, sink, {
    ...(flags.to === undefined ? {} : { to: flags.to }),
    snapshot: flags.snapshot ?? false,
    withBackports: flags.withBackports ?? false,
    kernel: flags.kernel ?? true,
    image: flags.image ?? true,
    ...(ask ? { confirm } : {}),
  });
  if (flags.json) {
    emit({ type: 'result', command: 'release-upgrade', ...result });
  } else {
    const lines = [
      `${result.chroot}: ${result.from} → ${result.to}: ${result.upgraded} upgraded, ${result.installed} newly installed, ${result.removed.length} removed`,
      ...(result.disabledSources.length ? [`  disabled sources: ${result.disabledSources.join(', ')}`] : []),
      `  original sources kept in ${result.sourcesBackup}`,
      ...(result.snapshot ? [`  snapshot of the ${result.from} chroot: ${result.snapshot} (remove it once you are happy)`] : []),
      `  image: ${result.image.ran ? 'rebuilt' : 'skipped'} (${result.image.reason})`,
      `  kernel: ${result.kernel.ran ? 'copied to TFTP' : 'skipped'} (${result.kernel.reason})`,
      `  time: ${Object.entries(result.phases).map(([step, ms]) => `${step} ${formatDuration(ms)}`).join(', ')}`,
    ];
    writeOut(`${lines.join('\n')}\n`);
  }
  return 0;
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
