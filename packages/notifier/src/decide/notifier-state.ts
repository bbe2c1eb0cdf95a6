// What the tray shows for a set of chroot statuses: pure, so it is tested without a bus.
import { statusSummary } from '@ltsp-update/engine/client';
import { _, _n, N_, Nn_ } from '@ltsp-update/engine/i18n';
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
  return `${status.kind === 'server' ? _('This server') : status.name}: ${statusSummary(status, { reasons: false })}`;
}

/** Whole sentences for the server alone, the chroots alone, and both: a translator words each. */
interface TargetSentences {
  server: string;
  chroots: readonly [singular: string, plural: string];
  both: readonly [singular: string, plural: string];
}

/**
 * "Updates for this server and 2 LTSP chroots", "… for 1 LTSP chroot", "… for this server": the
 * server counted like a chroot, named first; `sentences` are marked with N_ and Nn_ where they are written.
 */
export function targetsSentence(statuses: readonly ChrootStatus[], sentences: TargetSentences): string {
  const chroots = statuses.filter((status) => status.kind !== 'server').length;
  const server = statuses.some((status) => status.kind === 'server');
  if (server && chroots === 0) return _(sentences.server);
  const [singular, plural] = server ? sentences.both : sentences.chroots;
  return _n(singular, plural, chroots);
}

const securityTitle: TargetSentences = {
  server: N_('Security updates for this server'),
  chroots: Nn_('Security updates for {count} LTSP chroot', 'Security updates for {count} LTSP chroots'),
  both: Nn_('Security updates for this server and {count} LTSP chroot', 'Security updates for this server and {count} LTSP chroots'),
};
const updatesTitle: TargetSentences = {
  server: N_('Updates for this server'),
  chroots: Nn_('Updates for {count} LTSP chroot', 'Updates for {count} LTSP chroots'),
  both: Nn_('Updates for this server and {count} LTSP chroot', 'Updates for this server and {count} LTSP chroots'),
};
const failedTitle: TargetSentences = {
  server: N_('This server could not be checked'),
  chroots: Nn_('{count} LTSP chroot could not be checked', '{count} LTSP chroots could not be checked'),
  both: Nn_('This server and {count} LTSP chroot could not be checked', 'This server and {count} LTSP chroots could not be checked'),
};

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
    return { status: 'NeedsAttention', iconName: icons.security, title: targetsSentence(security, securityTitle), lines, pendingLines, pendingChroots: pending.length, securityChroots: security.length, pendingKeys };
  }
  if (pending.length > 0) {
    return { status: 'Active', iconName: icons.updates, title: targetsSentence(pending, updatesTitle), lines, pendingLines, pendingChroots: pending.length, securityChroots: 0, pendingKeys };
  }
  if (failing.length > 0) {
    return { status: 'Active', iconName: icons.error, title: targetsSentence(failing, failedTitle), lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
  }
  const restart = statuses.some((status) => status.kind === 'server' && status.rebootRequired);
  if (restart) {
    return { status: 'Active', iconName: icons.restart, title: _('Restart this server to finish its updates'), lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
  }
  const upToDate = statuses.some((status) => status.kind === 'server') ? _('This server and its LTSP chroots are up to date') : _('LTSP chroots are up to date');
  return { status: 'Passive', iconName: icons.upToDate, title: upToDate, lines, pendingLines, pendingChroots: 0, securityChroots: 0, pendingKeys };
}
