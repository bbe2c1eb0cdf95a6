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
import { formatSize } from '../format.js';
import { imageLine, kernelLine, serverStepLine, timeLine } from '../render/outcome-lines.js';
import { humanEvents } from '../render/human-events.js';
import { reportFailures } from '../run-outcome.js';
import { selection, type TargetFlags } from './check.js';
import { stopWorkOnSignals } from '../stop-on-signals.js';
import { _, _f, _n } from '../../text/i18n.js';

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
  else writeOut(renderOutcomes(outcomes, targets.unrunnable.map(({ chroot, reason }) => _f('{chroot}: not touched: {reason}', { chroot: chroot.name, reason }))));
  return reportFailures(outcomes);
}

async function confirm(chroot: DescribedChroot, plan: UpdatesPlan): Promise<boolean> {
  const security = plan.packages.filter((entry) => entry.security).length;
  writeErr(`${_n('{chroot}: {count} update ({security} security), {size} to download:', '{chroot}: {count} updates ({security} security), {size} to download:', plan.pending, { chroot: chroot.name, security, size: formatSize(plan.downloadBytes) })}\n`);
  writeErr(`  ${plan.packages.map((entry) => entry.name).join(' ')}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${_('Install them?')} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

function renderOutcomes(outcomes: readonly UpgradeOutcome[], untouched: readonly string[]): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.error) {
      lines.push(_f('{chroot}: failed: {message}', { chroot: outcome.chroot, message: outcome.error.message }));
      continue;
    }
    const changed = outcome.upgraded.length + outcome.installed.length;
    lines.push(changed === 0 ? _f('{chroot}: nothing to install', { chroot: outcome.chroot }) : _f('{chroot}: {upgraded} upgraded, {installed} newly installed', { chroot: outcome.chroot, upgraded: outcome.upgraded.length, installed: outcome.installed.length }));
    lines.push(`  ${imageLine(outcome.image)}`);
    lines.push(`  ${kernelLine(outcome.kernel)}`);
    if (outcome.initrd) lines.push(`  ${serverStepLine('ltsp initrd', outcome.initrd)}`);
    if (outcome.ipxe) lines.push(`  ${serverStepLine('ltsp ipxe', outcome.ipxe)}`);
    if (outcome.status?.rebootRequired) lines.push(`  ${_('restart the server to finish: an update asked for it (/run/reboot-required)')}`);
    lines.push(`  ${timeLine(outcome.phases)}`);
  }
  lines.push(...untouched);
  return `${lines.join('\n')}\n`;
}
