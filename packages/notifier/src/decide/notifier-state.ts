// What the tray shows for a set of chroot statuses: pure, so it is tested without a bus.
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

/** One line on a chroot, in the words the CLI and the windows use. */
export function chrootLine(status: ChrootStatus): string {
  if (status.verdict === 'unsupported') return `${status.name}: cannot run on this host`;
  if (status.lastError) return `${status.name}: error: ${status.lastError.message}`;
  if (status.pending === null) return `${status.name}: not checked yet`;
  const release = status.nextRelease ? `; ${status.nextRelease} is available` : '';
  if (status.pending === 0) return `${status.name}: up to date${release}`;
  const security = status.securityRules === 'unknown' ? '' : ` (${status.security ?? 0} security)`;
  return `${status.name}: ${status.pending} update${status.pending === 1 ? '' : 's'}${security}${release}`;
}

/** The tray's state for `statuses`. */
export function notifierState(statuses: readonly ChrootStatus[]): NotifierState {
  const pending = statuses.filter((status) => (status.pending ?? 0) > 0);
  const security = pending.filter((status) => (status.security ?? 0) > 0);
  const failing = statuses.filter((status) => status.lastError !== null);
  const pendingKeys = pending.flatMap((status) => status.packages.map((entry) => `${status.name} ${entry.name} ${entry.to}`)).sort();
  const lines = statuses.map(chrootLine);
  if (security.length > 0) {
    return { status: 'NeedsAttention', iconName: icons.security, title: `Security updates for ${security.length} LTSP chroot${security.length === 1 ? '' : 's'}`, lines, pendingChroots: pending.length, securityChroots: security.length, pendingKeys };
  }
  if (pending.length > 0) {
    return { status: 'Active', iconName: icons.updates, title: `Updates for ${pending.length} LTSP chroot${pending.length === 1 ? '' : 's'}`, lines, pendingChroots: pending.length, securityChroots: 0, pendingKeys };
  }
  if (failing.length > 0) {
    return { status: 'Active', iconName: icons.error, title: `${failing.length} LTSP chroot${failing.length === 1 ? '' : 's'} could not be checked`, lines, pendingChroots: 0, securityChroots: 0, pendingKeys };
  }
  return { status: 'Passive', iconName: icons.upToDate, title: 'LTSP chroots are up to date', lines, pendingChroots: 0, securityChroots: 0, pendingKeys };
}
