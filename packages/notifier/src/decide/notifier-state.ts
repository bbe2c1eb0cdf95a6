// What the tray shows for a set of chroot statuses: pure, so it is tested without a bus.
import { statusSummary } from '@ltsp-update/engine/client';
import type { ChrootStatus } from '@ltsp-update/engine/protocol';

export type ItemStatus = 'Passive' | 'Active' | 'NeedsAttention';

export interface NotifierState {
  /** StatusNotifierItem's Status: hidden when all is well, urgent with security updates. */
  status: ItemStatus;
  /** A freedesktop icon name; each state has its own. */
  iconName: IconName;
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

/**
 * One icon name per state, each present in both Adwaita (43, its full-colour legacy icons) and
 * Breeze (5.103), the themes of GNOME and KDE Plasma on Debian 12: Breeze has no
 * software-update-available, software-update-urgent or emblem-default, Adwaita no update-low or
 * system-reboot (only its -symbolic form, which a tray host asking for the plain name need not
 * find). The shields keep a colour per state in both: green, yellow, red. A theme without a name
 * still shows something: the item also carries a pixmap in the state's colour (`iconColours`).
 * test/desktop/tray-icons.test.ts checks every name against the installed themes.
 */
export const icons = {
  upToDate: 'security-high',
  updates: 'security-medium',
  security: 'security-low',
  error: 'dialog-warning',
  restart: 'dialog-information',
} as const;

export type IconName = (typeof icons)[keyof typeof icons];

/** The colour (RGB) of each state's fallback pixmap, close to its icon's colour in both themes. */
export const iconColours: Record<IconName, number> = {
  'security-high': 0x26a269,
  'security-medium': 0xe5a50a,
  'security-low': 0xc01c28,
  'dialog-warning': 0xe66100,
  'dialog-information': 0x1c71d8,
};

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
