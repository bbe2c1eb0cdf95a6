// The words and numbers both update windows show, formatted once so GNOME and KDE say the same thing.
import type { ChrootStatus, PackageUpdate } from '../protocol/status.js';
import { formatSize } from '../text/size.js';

/** "4.7 MB", "907 kB": the same words as the CLI. */
export const sizeLabel = formatSize;

/** "12 updates (3 security)", "Up to date", or why there is nothing to say. */
export function summaryLabel(status: ChrootStatus): string {
  if (status.verdict === 'unsupported') return `Cannot run on this computer: ${status.verdictReason}`;
  if (status.lastError) return `Could not be checked: ${status.lastError.message}`;
  if (status.pending === null) return 'Not checked yet';
  if (status.pending === 0) return 'Up to date';
  const updates = `${status.pending} update${status.pending === 1 ? '' : 's'}`;
  return status.securityRules === 'unknown' ? updates : `${updates} (${status.security ?? 0} security)`;
}

/** "bookworm (amd64)" */
export function releaseLabel(status: ChrootStatus): string {
  return `${status.release ?? 'unknown release'} (${status.arch ?? 'unknown architecture'})`;
}

/** "2.6.1 → 2.6.2", or "new: 6.1.0-28" for a package the update adds. */
export function versionLabel(update: PackageUpdate): string {
  return update.isNew || update.from === '' ? `new: ${update.to}` : `${update.from} → ${update.to}`;
}
