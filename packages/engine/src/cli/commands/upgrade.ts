// `ltsp-chroot upgrade`: install the pending updates; kernels and image only when needed.
import { createInterface } from 'node:readline/promises';
import type { UpdatesPlan } from '../../apt/plan-updates.js';
import type { DescribedChroot } from '../../discover/list-chroots.js';
import type { Emit } from '../../pipeline/emit.js';
import { selectTargets } from '../../pipeline/targets.js';
import { upgradeChroots } from '../../pipeline/upgrade.js';
import { finishInterruptedRollbacks } from '../../release/upgrade-journal.js';
import type { UpgradeOutcome } from '../../protocol/events.js';
import { emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot } from '../global-options.js';
import { formatDuration, formatSize } from '../format.js';
import { humanEvents } from '../render/human-events.js';
import { reportFailures } from '../run-outcome.js';
import { selection, type TargetFlags } from './check.js';
import { stopWorkOnSignals } from '../stop-on-signals.js';

export interface UpgradeFlags extends TargetFlags {
  yes?: boolean;
  kernel?: boolean;
  image?: boolean;
}

/** Run `upgrade`; returns the exit code. */
export async function upgradeCommand(names: string[], flags: UpgradeFlags): Promise<number> {
  stopWorkOnSignals();
  requireRoot('upgrade');
  const options = await engineOptions(flags);
  const sink: Emit = flags.json ? emit : humanEvents();
  // Before listing: a rollback killed between its renames has the chroot's folder missing.
  await finishInterruptedRollbacks(options.stateDir, (message, chroot) => sink({ type: 'log', level: 'warning', chroot, message }));
  const targets = await selectTargets(options, selection(names, flags));
  const ask = !flags.yes && !flags.json && Boolean(process.stdin.isTTY);
  const outcomes = await upgradeChroots(targets, options, sink, {
    kernel: flags.kernel ?? true,
    image: flags.image ?? true,
    ...(ask ? { confirm } : {}),
  });
  if (flags.json) emit({ type: 'result', command: 'upgrade', chroots: outcomes });
  else writeOut(renderOutcomes(outcomes, targets.unrunnable.map(({ chroot, reason }) => `${chroot.name}: not touched: ${reason}`)));
  return reportFailures(outcomes);
}

async function confirm(chroot: DescribedChroot, plan: UpdatesPlan): Promise<boolean> {
  const security = plan.packages.filter((entry) => entry.security).length;
  writeErr(`${chroot.name}: ${plan.pending} updates (${security} security), ${formatSize(plan.downloadBytes)} to download:\n`);
  writeErr(`  ${plan.packages.map((entry) => entry.name).join(' ')}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question('Install them? [y/N] ')).trim());
  } finally {
    prompt.close();
  }
}

function renderOutcomes(outcomes: readonly UpgradeOutcome[], untouched: readonly string[]): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.error) {
      lines.push(`${outcome.chroot}: failed: ${outcome.error.message}`);
      continue;
    }
    const changed = outcome.upgraded.length + outcome.installed.length;
    lines.push(`${outcome.chroot}: ${changed === 0 ? 'nothing to install' : `${outcome.upgraded.length} upgraded, ${outcome.installed.length} newly installed`}`);
    lines.push(`  image: ${outcome.image.ran ? 'rebuilt' : 'skipped'} (${outcome.image.reason})`);
    lines.push(`  kernel: ${outcome.kernel.ran ? 'copied to TFTP' : 'skipped'} (${outcome.kernel.reason})`);
    if (outcome.initrd) lines.push(`  ltsp initrd: ${outcome.initrd.ran ? 'ran' : 'skipped'} (${outcome.initrd.reason})`);
    if (outcome.ipxe) lines.push(`  ltsp ipxe: ${outcome.ipxe.ran ? 'ran' : 'skipped'} (${outcome.ipxe.reason})`);
    if (outcome.status?.rebootRequired) lines.push('  restart the server to finish: an update asked for it (/run/reboot-required)');
    lines.push(`  time: ${Object.entries(outcome.phases).map(([step, ms]) => `${step} ${formatDuration(ms)}`).join(', ')}`);
  }
  lines.push(...untouched);
  return `${lines.join('\n')}\n`;
}
