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
  /** Targets (the server counted like a chroot) with pending updates, security updates among them. */
  pendingChroots: number;
  securityChroots: number;
  /** Every pending update as "path package version", to notice when the set grows. */
  pendingKeys: string[];
}

export const icons = {
  upToDate: 'emblem-default',
  updates: 'software-update-available',
  security: 'software-update-urgent',
  error: 'dialog-warning',
  restart: 'system-reboot',
} as const;

/** One line on a chroot (or the server) for the tooltip: the CLI's words, without the long reasons. */
export function chrootLine(status: ChrootStatus): string {
  return `${status.kind === 'server' ? 'This server' : status.name}: ${statusSummary(status, { reasons: false })}`;
}

/** "this server and 2 LTSP chroots", "1 LTSP chroot", "this server": the server counted like a chroot, named first. */
export function targetsPhrase(statuses: readonly ChrootStatus[]): string {
  const chroots = statuses.filter((status) => status.kind !== 'server').length;
  const parts = [
    ...(statuses.some((status) => status.kind === 'server') ? ['this server'] : []),
    ...(chroots > 0 ? [`${chroots} LTSP chroot${chroots === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' and ');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The tray's state for `statuses`. */
export function notifierState(statuses: readonly ChrootStatus[]): NotifierState {
  const pending = statuses.filter((status) => (status.pending ?? 0) > 0);
  const security = pending.filter((status) => (status.security ?? 0) > 0);
  const failing = statuses.filter((status) => status.lastError !== null);
  // By path: the server and a chroot that happens to be called "server" are two targets.
  const pendingKeys = pending.flatMap((status) => status.packages.map((entry) => `${status.path} ${entry.name} ${entry.to}`)).sort();
  const lines = statuses.map(chrootLine);
  const pendingLines = pending.map(chrootLine);
  if (security.length > 0) {
    return { status: 'NeedsAttention', iconName: icons.security, title: `Security updates for ${targetsPhrase(security)}`, lines, pendingLines, pendingChroots: pending.length, securityChroots: security.length, pendingKeys };
  }
  if (pending.length > 0) {
    return { status: 'Active', iconName: icons.updates, title: `Updates for ${targetsPhrase(pending)}`, lines, pendingLines, pendingChroots: pending.length, securityChroots: 0, pendingKeys };
  }
  if (failing.length > 0) {
    return { status: 'Active', iconName: icons.error, title: `${capitalized(targetsPhrase(failing))} could not be checked`, lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
  }
  const restart = statuses.some((status) => status.kind === 'server' && status.rebootRequired);
  if (restart) {
    return { status: 'Active', iconName: icons.restart, title: 'Restart this server to finish its updates', lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
  }
  const all = statuses.some((status) => status.kind === 'server') ? 'This server and its LTSP chroots are' : 'LTSP chroots are';
  return { status: 'Passive', iconName: icons.upToDate, title: `${all} up to date`, lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
}
