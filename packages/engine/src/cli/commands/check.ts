// `ltsp-chroot check` and `ltsp-chroot refresh`: pending updates per chroot, from apt; refresh also updates the lists and downloads.
import { EngineError } from '../../errors/engine-error.js';
import { _f } from '../../text/i18n.js';
import { checkChroots } from '../../pipeline/check.js';
import { selectTargets, type Selection } from '../../pipeline/targets.js';
import type { Emit } from '../../pipeline/emit.js';
import { chrootFailureLine, emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { failureMessage } from '../../errors/known-error.js';
import { exitCodeFor } from '../run-outcome.js';
import { stopWorkOnSignals } from '../stop-on-signals.js';

export interface TargetFlags extends GlobalFlags {
  all?: boolean;
  server?: boolean;
  /** The server and every chroot. */
  everything?: boolean;
}

/** What --server, --all, --everything and the names chose. */
export function selection(names: readonly string[], flags: TargetFlags): Selection {
  return { names, all: Boolean(flags.all || flags.everything), server: Boolean(flags.server || flags.everything) };
}

const defaultChrootTimeout = 1800;

/** Seconds from --chroot-timeout (or LTSP_UPDATE_CHROOT_TIMEOUT, the periodic job's setting). */
/** A whole number above 0 given to `option`, or a usage error that says so ("--parallel abc" is not 1). */
export function wholeNumberOption(option: string, what: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number <= 0) {
    throw new EngineError('usage', _f('{option} takes a whole number of {what} above 0, not "{value}"', { option, what, value }));
  }
  return number;
}

function chrootTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return defaultChrootTimeout;
  return wholeNumberOption('--chroot-timeout', 'seconds', value);
}

/** Run `check` or `refresh` on the named chroots (or --all); returns the exit code. */
export async function checkCommand(command: 'check' | 'refresh', names: string[], flags: TargetFlags & { download?: boolean; parallel?: string; chrootTimeout?: string; fresh?: boolean }): Promise<number> {
  stopWorkOnSignals();
  // Bad values are refused before anything runs.
  const chrootTimeoutMs = chrootTimeout(flags.chrootTimeout ?? process.env['LTSP_UPDATE_CHROOT_TIMEOUT']) * 1000;
  const parallel = flags.parallel === undefined ? undefined : wholeNumberOption('--parallel', 'chroots', flags.parallel);
  requireRoot(command);
  const options = await engineOptions(flags);
  // What only some runs use is loaded when they do: a check answered from the status cache
  // costs little more than starting the command (the windows and the notifier run it often).
  const sink: Emit = flags.json ? emit : (await import('../render/human-events.js')).humanEvents();
  // The timer's refresh finishes a rollback that a killed release upgrade left half done.
  if (command === 'refresh') {
    const { finishInterruptedRollbacks } = await import('../../release/upgrade-journal.js');
    await finishInterruptedRollbacks(options.stateDir, (message, chroot) => sink({ type: 'log', level: 'warning', chroot, message }));
  }
  const targets = await selectTargets(options, selection(names, flags));
  const run = command === 'check'
    ? await checkChroots(targets, options, sink, { chrootTimeoutMs, fresh: Boolean(flags.fresh) })
    : await (await import('../../pipeline/refresh.js')).refreshChroots(targets, options, sink, {
        // LTSP_UPDATE_DOWNLOAD=no is the administrator's setting for the periodic job (/etc/default/ltsp-update).
        download: (flags.download ?? true) && process.env['LTSP_UPDATE_DOWNLOAD'] !== 'no',
        ...(parallel === undefined ? {} : { parallel }),
        chrootTimeoutMs,
      });
  const failed = run.failed.map(({ chroot, kind, error }) => ({ chroot, kind, ...failureMessage(error) }));
  if (flags.json) emit({ type: 'result', command, chroots: run.statuses, failed, unchanged: run.unchanged ?? [] });
  else writeOut((await import('../render/status-table.js')).renderStatuses(run.statuses));
  // With --json too: the journal of the timer or a terminal shows what went wrong without parsing.
  for (const failure of failed) writeErr(chrootFailureLine(failure.chroot, failure.message));
  return exitCodeFor(failed.map((failure) => failure.code), targets.runnable.length);
}
