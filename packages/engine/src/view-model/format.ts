// The words and numbers both update windows show, formatted once so GNOME and KDE say the same thing.
import type { ChrootStatus, PackageUpdate } from '../protocol/status.js';
import { formatSize } from '../text/size.js';
import { fill, untranslated, type Translator } from './translator.js';

/** "4.7 MB", "907 kB": the same words as the CLI. */
export const sizeLabel = formatSize;

/** "12 updates (3 security)", "Up to date", or why there is nothing to say. */
export function summaryLabel(status: ChrootStatus, t: Translator = untranslated): string {
  if (status.verdict === 'unsupported') return fill(t.gettext('Cannot run on this computer: {reason}'), { reason: status.verdictReason });
  if (status.lastError) return fill(t.gettext('Could not be checked: {reason}'), { reason: status.lastError.message });
  if (status.pending === null) return t.gettext('Not checked yet');
  if (status.pending === 0) return t.gettext('Up to date');
  const updates = fill(t.ngettext('{count} update', '{count} updates', status.pending), { count: status.pending });
  if (status.securityRules === 'unknown') return updates;
  return fill(t.gettext('{updates} ({security} security)'), { updates, security: status.security ?? 0 });
}

/** "bookworm (amd64)" */
export function releaseLabel(status: ChrootStatus, t: Translator = untranslated): string {
  return `${status.release ?? t.gettext('unknown release')} (${status.arch ?? t.gettext('unknown architecture')})`;
}

/** "2.6.1 → 2.6.2", or "new: 6.1.0-28" for a package the update adds. */
export function versionLabel(update: PackageUpdate, t: Translator = untranslated): string {
  return update.isNew || update.from === '' ? fill(t.gettext('new: {version}'), { version: update.to }) : `${update.from} → ${update.to}`;
}

/** "a", "a and b", "a, b and c", in the translator's words. */
export function listLabel(items: readonly string[], t: Translator = untranslated): string {
  if (items.length <= 1) return items[0] ?? '';
  const last = items.at(-1) as string;
  const head = items.slice(0, -1).reduce((list, item) => fill(t.gettext('{list}, {item}'), { list, item }));
  return fill(t.gettext('{list} and {last}'), { list: head, last });
}

/** A chroot's failure as its row says it: the cause in a few words, the engine's message otherwise. */
export function failureLabel(failure: { code: string; message: string; holderPid?: number }, t: Translator = untranslated): string {
  switch (failure.code) {
    case 'busy':
      return failure.holderPid === undefined
        ? t.gettext('Busy: another update is running')
        : fill(t.gettext('Busy: another update is running (process {pid})'), { pid: failure.holderPid });
    case 'no-space':
      return t.gettext('The disk is full: free some space, then try again');
    case 'network-failed':
      return t.gettext('Could not download: check the server’s network, then try again');
    default:
      return failure.message;
  }
}

/** What a row says under its name: the phase of a run (with its progress), else its error, else its summary. */
export function subtitleLabel(release: string, phase: { phase: string; progress: number | null } | undefined, error: string | null, summary: string, t: Translator = untranslated): string {
  const now = phase === undefined ? (error ?? summary)
    : phase.progress === null ? phase.phase
      : fill(t.gettext('{phase} ({percent} %)'), { phase: phase.phase, percent: phase.progress });
  return fill(t.gettext('{release} — {status}'), { release, status: now });
}

/** How dates are written: the process's own locale and time zone (the person's), unless a test fixes them. */
export interface DateStyle {
  locale?: string;
  timeZone?: string;
}

/**
 * "3 Dec 2026, 11:45" (in the person's own words and time zone) from an image version's id, the
 * UTC stamp it was published at ("20261203T114500Z", "-2" after it for a second one that second);
 * the id as it is when it is no such stamp.
 */
export function versionDateLabel(version: string, style: DateStyle = {}): string {
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-\d+)?$/.exec(version);
  if (!stamp) return version;
  const [year, month, day, hour, minute, second] = stamp.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC carries a 13th month or a 61st second over; such a stamp is no date.
  if (date.toISOString().replace(/[-:]|\.\d+/g, '') !== version.replace(/-\d+$/, '')) return version;
  const format = new Intl.DateTimeFormat(style.locale, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    ...(style.timeZone === undefined ? {} : { timeZone: style.timeZone }),
  });
  return format.format(date);
}
