// What both update windows show, decided once: a window maps these fields to its widgets and
// nothing else, so GNOME and KDE cannot drift apart in what they say or allow.

/**
 * The one page state the windows switch on (Discover's UpdatesPage states). `loading` comes
 * before the status cache is read; `no-chroots` and `error` are pages without a list.
 */
export type PageState = 'loading' | 'no-chroots' | 'checking' | 'has-updates' | 'running' | 'up-to-date' | 'error';

export interface PackageRow {
  name: string;
  /** "2.6.1 → 2.6.2", or "new: 6.1.0-28". */
  version: string;
  size: string;
  security: boolean;
}

/**
 * The server's row key: no chroot can be called "/" (its name is a folder's), while one can be
 * called "server", the server's name in the engine's events.
 */
export const serverKey = '/';

/** The key of a row: its name, for the server one that no chroot can have. */
export function rowKey(target: { kind: 'server' | 'chroot'; name: string }): string {
  return target.kind === 'server' ? serverKey : target.name;
}

export interface ChrootRow {
  /** The server itself (shown first, as "This server") or one of its chroots. */
  kind: 'server' | 'chroot';
  /** The row's key for the commands (toggle): the chroot's name, or `serverKey`. */
  name: string;
  /** What the row is called: "This server", or the chroot's name. */
  title: string;
  /** "bookworm (amd64)" */
  release: string;
  /** "12 updates (3 security)", "Up to date", or why there is nothing to say. */
  summary: string;
  /** The line under the name: release, then the phase of a run, the row's error, or the summary. */
  subtitle: string;
  /** Everything known about the row, untruncated (a tooltip): the full error when there is one. */
  tooltip: string;
  pending: number;
  security: number;
  /** Security updates wait: the row stands out. */
  urgent: boolean;
  /** Ticked for "Update now". */
  selected: boolean;
  /** False for chroots that cannot run here (the summary says why) or have nothing to install. */
  canUpdate: boolean;
  /** Whether the tick box is shown at all (a ticked row keeps it until unticked). */
  checkable: boolean;
  securityUpdates: PackageRow[];
  otherUpdates: PackageRow[];
  /** What "Update now" downloads for this row; empty when it cannot be updated. */
  downloadSize: string;
  /** "trixie" when the chroot's mirror serves the next release. */
  upgradeTo: string | null;
  /** "Open in Synaptic…" when the chroot has a graphical package manager; null: no such button. */
  openPackageManager: string | null;
  /** Where it has none: how to install one. */
  packageManagerHint: string | null;
  /** "Image of 3 Dec 2026, 11:45": the published image its clients boot now; null when its images are not kept as versions. */
  image: string | null;
  /** "Roll back to the image of 2 Dec 2026, 09:10" while an older image is kept and nothing runs; null: no such button. */
  rollBack: string | null;
  /** During a run: "Installing apt", "Rebuilding the image"…, and a 0–100 progress. */
  phase: string | null;
  progress: number | null;
  /** What went wrong with this chroot in the last run ("Busy: another update is running (process 42)"). */
  error: string | null;
}

/** What each command can do now: a window enables (or shows) its control from this alone. */
export interface ModelActions {
  checkAgain: boolean;
  updateSelected: boolean;
  updateAll: boolean;
  cancel: boolean;
  releaseUpgrade: boolean;
  openPackageManager: boolean;
  rollBack: boolean;
}

/** The text of a page that has no list to show (loading, no chroots, an error, a first check). */
export interface Placeholder {
  title: string;
  description: string;
}

/** One offer per release: every chroot that can move to it moves with one "Upgrade". */
export interface ReleaseOffer {
  release: string;
  /** The server moves first, and `chroots` (those of its release) follow it in the same run. */
  server: boolean;
  chroots: string[];
  /** "trixie is available for busy and classroom" */
  offer: string;
  /** "Upgrade busy and classroom to trixie?" */
  question: string;
  /** What the move does, under the question. */
  explanation: string;
}

/** The error of the last run, to be shown once: `id` changes with each new error. */
export interface ModelError {
  id: number;
  /** One short line that names each chroot once ("busy could not be updated"). */
  summary: string;
  /** The engine's full messages, one a line, for "Details". */
  details: string;
}

export interface ModelState {
  page: PageState;
  /** The engine works for this window. */
  busy: boolean;
  can: ModelActions;
  /** "Checking for updates…", "Updating…", "Stopping…", or empty. */
  busyLabel: string;
  /** "Still to download for the ticked chroots: 4.7 MB", or "Every chroot is up to date." */
  total: string;
  /** Set on pages without rows: what to say instead of the list. */
  placeholder: Placeholder | null;
  chroots: ChrootRow[];
  releaseOffers: ReleaseOffer[];
  error: ModelError | null;
  /** apt's and LTSP's raw output of the current or last run, for a "Details" view. */
  details: string[];
}
