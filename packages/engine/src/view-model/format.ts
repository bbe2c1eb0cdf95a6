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
