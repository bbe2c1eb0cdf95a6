// What the tray shows for a set of chroot statuses: pure, so it is tested without a bus.
import { statusSummary } from '@ltsp-update/engine/client';
import type { ChrootStatus } from '@ltsp-update/engine/protocol';

export type ItemStatus = 'Passive' | 'Active' | 'NeedsAttention';

export interface NotifierState {
  /** StatusNotifierItem's Status: hidden when all is well, urgent with security updates. */
  status: ItemStatus;
  /** A freedesktop icon name; each state has its own. */
  iconName: string;
  title: string;
  /** One line per chroot, for the tooltip. */
  lines: string[];
  /** The lines of the chroots with pending updates, for the notification's body. */
  pendingLines: string[];
  /** Chroots with pending updates, security updates among them. */
  pendingChroots: number;
  securityChroots: number;
  /** Every pending update as "chroot package version", to notice when the set grows. */
  pendingKeys: string[];
}

export const icons = {
  upToDate: 'emblem-default',
  updates: 'software-update-available',
  security: 'software-update-urgent',
  error: 'dialog-warning',
} as const;

/** One line on a chroot for the tooltip: the CLI's words, without the long reasons. */
export function chrootLine(status: ChrootStatus): string {
  return `${status.name}: ${statusSummary(status, { reasons: false })}`;
}

/** The tray's state for `statuses`. */
export function notifierState(statuses: readonly ChrootStatus[]): NotifierState {
  const pending = statuses.filter((status) => (status.pending ?? 0) > 0);
  const security = pending.filter((status) => (status.security ?? 0) > 0);
  const failing = statuses.filter((status) => status.lastError !== null);
  const pendingKeys = pending.flatMap((status) => status.packages.map((entry) => `${status.name} ${entry.name} ${entry.to}`)).sort();
  const lines = statuses.map(chrootLine);
  const pendingLines = pending.map(chrootLine);
  if (security.length > 0) {
    return { status: 'NeedsAttention', iconName: icons.security, title: `Security updates for ${security.length} LTSP chroot${security.length === 1 ? '' : 's'}`, lines, pendingLines, pendingChroots: pending.length, securityChroots: security.length, pendingKeys };
  }
  if (pending.length > 0) {
    return { status: 'Active', iconName: icons.updates, title: `Updates for ${pending.length} LTSP chroot${pending.length === 1 ? '' : 's'}`, lines, pendingLines, pendingChroots: pending.length, securityChroots: 0, pendingKeys };
  }
  if (failing.length > 0) {
    return { status: 'Active', iconName: icons.error, title: `${failing.length} LTSP chroot${failing.length === 1 ? '' : 's'} could not be checked`, lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
  }
  return { status: 'Passive', iconName: icons.upToDate, title: 'LTSP chroots are up to date', lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
}
