// The words of the page as a whole (what is going on, the total, the text of an empty page,
// the release offers and the error of a run), for both windows, through the translator's `fill`
// so a translation may put the names and numbers where its language wants them.
import type { ChrootStatus } from '../protocol/status.js';
import { listLabel, sizeLabel, versionDateLabel, type DateStyle } from './format.js';
import type { ModelError, PageState, Placeholder, ReleaseOffer } from './model-state.js';
import { fill, type Translator } from './translator.js';

/**
 * What a run does: looks at the chroots (check, refresh), updates them, moves them to a release,
 * opens a package manager in one, or switches one's image back to the version before.
 */
export type RunKind = 'check' | 'update' | 'release' | 'manage' | 'rollback';

interface RunSketch {
  kind: RunKind;
  release?: string;
  manager?: { title: string; chroot: string };
  stopping: boolean;
}

interface RunFailures extends RunSketch {
  /** By row key; each says the name the engine gave. */
  failures: Map<string, { chroot: string; message: string }>;
  whole: { code: string; message: string } | null;
}

/** "Checking for updates…", "Updating…", "Upgrading to trixie…", "Rolling back…", "Stopping…"; empty when idle. */
export function busyLabel(run: RunSketch | undefined, t: Translator): string {
  if (run === undefined) return '';
  if (run.stopping) return t.gettext('Stopping…');
  if (run.kind === 'check') return t.gettext('Checking for updates…');
  if (run.kind === 'release') return fill(t.gettext('Upgrading to {release}…'), { release: run.release ?? '' });
  if (run.kind === 'manage') return fill(t.gettext('{manager} is open in {chroot}…'), { manager: run.manager?.title ?? '', chroot: run.manager?.chroot ?? '' });
  if (run.kind === 'rollback') return t.gettext('Rolling back…');
  return t.gettext('Updating…');
}

/** The line under the list. */
export function totalLabel(page: PageState, tickedBytes: number, t: Translator): string {
  if (page === 'up-to-date') return t.gettext('Every chroot is up to date.');
  if (page === 'no-chroots' || page === 'loading' || page === 'error') return '';
  return fill(t.gettext('Still to download for the ticked chroots: {size}'), { size: sizeLabel(tickedBytes) });
}

/** What a page without rows says instead; null when there are rows to show. */
export function placeholderFor(page: PageState, rows: number, error: ModelError | null, t: Translator): Placeholder | null {
  if (page === 'loading') return { title: t.gettext('Reading the chroots’ status…'), description: '' };
  if (page === 'error') {
    // A page has room for the engine's whole message.
    return { title: t.gettext('Could not look at the client chroots'), description: error?.details ?? '' };
  }
  if (rows > 0) return null;
  if (page === 'checking') return { title: t.gettext('Looking for client chroots…'), description: '' };
  if (page === 'no-chroots') {
    return {
      title: t.gettext('No client chroots'),
      description: t.gettext('This server has no LTSP client chroot yet. LTSP keeps them in /srv/ltsp (LTSP5: /opt/ltsp); each one shows here once it is made.'),
    };
  }
  return null;
}

/**
 * The release offers. When the server can move, one offer moves it with every chroot of its
 * release; the other chroots get one offer per next release, in the list's order, saying when
 * they are behind the server (an older release than its own).
 */
export function releaseOffers(statuses: readonly ChrootStatus[], t: Translator): ReleaseOffer[] {
  const server = statuses.find((status) => status.kind === 'server');
  const movable = statuses.filter((status) => status.kind !== 'server' && status.verdict !== 'unsupported');
  const offers: ReleaseOffer[] = [];
  const withServer = new Set<string>();
  if (server?.nextRelease) {
    const release = server.nextRelease;
    const chroots = movable.filter((status) => status.release === server.release && status.distribution === server.distribution).map((status) => status.name);
    for (const name of chroots) withServer.add(name);
    const count = chroots.length;
    offers.push({
      release,
      server: true,
      chroots,
      offer: count === 0
        ? fill(t.gettext('Upgrade this server to {release}'), { release })
        : fill(t.ngettext('Upgrade this server and its {count} chroot to {release}', 'Upgrade this server and its {count} chroots to {release}', count), { count, release }),
      question: count === 0
        ? fill(t.gettext('Upgrade this server to {release}?'), { release })
        : fill(t.ngettext('Upgrade this server and its chroot {chroots} to {release}?', 'Upgrade this server and its chroots {chroots} to {release}?', count), { chroots: listLabel(chroots, t), release }),
      explanation: t.gettext('Everything is checked before anything changes. The server moves first, then each chroot; a chroot that fails goes back to where it was, and the others go on. Restart the server once it is done.'),
    });
  }
  const byRelease = new Map<string, { chroots: string[]; behind: boolean }>();
  for (const status of movable) {
    if (withServer.has(status.name) || !status.nextRelease) continue;
    const group = byRelease.get(status.nextRelease) ?? { chroots: [], behind: true };
    group.chroots.push(status.name);
    group.behind &&= status.behindServer;
    byRelease.set(status.nextRelease, group);
  }
  for (const [release, { chroots, behind }] of byRelease) {
    const names = listLabel(chroots, t);
    offers.push({
      release,
      server: false,
      chroots,
      offer: behind
        ? fill(t.ngettext('{chroots} is behind the server: {release} is available for it', '{chroots} are behind the server: {release} is available for them', chroots.length), { chroots: names, release })
        : fill(t.gettext('{release} is available for {chroots}'), { release, chroots: names }),
      question: fill(t.gettext('Upgrade {chroots} to {release}?'), { chroots: names, release }),
      explanation: t.ngettext(
        'Its packages move to the new release and third-party sources are disabled; its clients get it with the next image.',
        'Their packages move to the new release and third-party sources are disabled; their clients get them with the next images.',
        chroots.length,
      ),
    });
  }
  return offers;
}

/** The error a finished run raises, once: one short line naming each failed chroot once, and the engine's full words. */
export function runFailureSummary(run: RunFailures, t: Translator): Omit<ModelError, 'id'> | null {
  const names = [...run.failures.values()].map((failure) => failure.chroot);
  const lines = [...run.failures.values()].map((failure) => `${failure.chroot}: ${failure.message}`);
  if (run.whole && run.whole.code !== 'no-chroots') lines.unshift(run.whole.message);
  if (lines.length === 0) return null;
  if (names.length === 0) return { summary: run.whole?.message ?? '', details: lines.join('\n') };
  const chroots = listLabel(names, t);
  const summary = run.kind === 'check'
    ? fill(t.ngettext('{chroots} could not be checked', '{chroots} could not be checked', names.length), { chroots })
    : run.kind === 'release'
      ? fill(t.ngettext('{chroots} could not be upgraded to {release}', '{chroots} could not be upgraded to {release}', names.length), { chroots, release: run.release ?? '' })
      : run.kind === 'rollback'
        ? fill(t.ngettext('{chroots} could not be rolled back', '{chroots} could not be rolled back', names.length), { chroots })
        : fill(t.ngettext('{chroots} could not be updated', '{chroots} could not be updated', names.length), { chroots });
  return { summary, details: lines.join('\n') };
}

/** A chroot row's "Open in Synaptic…", or, where the chroot has no package manager, how to get one. */
export function packageManagerLabels(status: ChrootStatus, t: Translator): { openPackageManager: string | null; packageManagerHint: string | null } {
  if (status.kind === 'server' || status.verdict === 'unsupported') return { openPackageManager: null, packageManagerHint: null };
  if (status.packageManager) return { openPackageManager: fill(t.gettext('Open in {manager}…'), { manager: status.packageManager }), packageManagerHint: null };
  return {
    openPackageManager: null,
    packageManagerHint: fill(t.gettext('To manage its packages here, install Synaptic in it: ltsp-chroot exec --network {chroot} -- apt-get install synaptic'), { chroot: status.name }),
  };
}

/**
 * A chroot row's published image, when the engine keeps it as versions: "Image of 3 Dec 2026,
 * 11:45", the one its clients boot now, and "Roll back to the image of 2 Dec 2026, 09:10" while
 * an older one is kept and nothing runs (null: no such button).
 */
export function imageLabels(status: ChrootStatus, busy: boolean, t: Translator, style: DateStyle = {}): { image: string | null; rollBack: string | null } {
  if (status.kind === 'server' || !status.image) return { image: null, rollBack: null };
  const image = fill(t.gettext('Image of {date}'), { date: versionDateLabel(status.image.live, style) });
  const to = status.image.rollbackTo;
  return { image, rollBack: to === null || busy ? null : fill(t.gettext('Roll back to the image of {date}'), { date: versionDateLabel(to, style) }) };
}
