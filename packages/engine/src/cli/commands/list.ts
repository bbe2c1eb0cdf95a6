// `ltsp-chroot list`: every chroot, its release, architecture, host verdict, kernel and image.
import Table from 'cli-table3';
import { findChroots } from '../../discover/find-chroots.js';
import { listChroots, toChrootInfo } from '../../discover/list-chroots.js';
import { noChroots } from '../../discover/find-by-name.js';
import { describeServer } from '../../discover/server.js';
import type { ChrootInfo, OrphanImage } from '../../protocol/chroot.js';
import { emit, writeOut } from '../output.js';
import { engineOptions, type GlobalFlags } from '../global-options.js';
import { formatAge, formatSize } from '../format.js';
import { _, _f } from '../../text/i18n.js';

/** Run `list`; returns the exit code. */
export async function listCommand(flags: GlobalFlags & { server?: boolean; names?: boolean }): Promise<number> {
  const options = await engineOptions(flags);
  if (flags.names) return listNames(options.bases);
  const listing = await listChroots(options);
  const { orphanImages } = listing;
  if (listing.chroots.length === 0 && orphanImages.length === 0 && !flags.server) throw noChroots(options.baseDirs);
  // The server first, described like a chroot: what it runs, and its next release.
  const chroots = flags.server ? [toChrootInfo(await describeServer()), ...listing.chroots] : listing.chroots;
  if (flags.json) {
    emit({ type: 'result', command: 'list', chroots, orphanImages });
  } else {
    writeOut(renderList(chroots, orphanImages));
  }
  return 0;
}

// The TFTP copy's state in words (a function: the words are looked up in the language of the run).
const tftpWords = () => ({ current: _('current'), missing: _('missing'), older: _('older'), differs: _('differs'), 'no-kernel': '-' });

/** The human table, then the reasons for every chroot that does not simply run natively. */
export function renderList(chroots: readonly ChrootInfo[], orphanImages: readonly OrphanImage[]): string {
  const table = new Table({
    head: [_('NAME'), _('LAYOUT'), _('RELEASE'), _('ARCH'), _('HOST'), _('KERNEL'), _('TFTP COPY'), _('IMAGE')],
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '' },
  });
  for (const chroot of chroots) {
    table.push([
      chroot.name,
      chroot.layout,
      [chroot.distribution, chroot.release ?? chroot.version].filter(Boolean).join(' ') || '?',
      chroot.arch ?? '?',
      chroot.verdict,
      chroot.kernel?.version ?? '-',
      tftpWords()[chroot.tftp.state],
      chroot.image ? _f('{size}, {age} old', { size: formatSize(chroot.image.sizeBytes), age: formatAge(chroot.image.ageSeconds) }) : '-',
    ]);
  }
  const lines = [table.toString().split('\n').map((line) => line.trimEnd()).join('\n')];
  const notes: string[] = [];
  for (const chroot of chroots) {
    if (chroot.verdict !== 'native') notes.push(`${chroot.name}: ${chroot.verdictReason}`);
    const release = { chroot: chroot.name, series: chroot.nextRelease?.series ?? '', version: chroot.nextRelease?.version ?? '' };
    if (chroot.nextRelease) {
      notes.push(chroot.behindServer
        ? _f('{chroot}: {series} ({version}) has been released, and the chroot is behind the server', release)
        : _f('{chroot}: {series} ({version}) has been released', release));
    }
    else if (chroot.behindServer) notes.push(_f('{chroot}: behind the server\'s own release', { chroot: chroot.name }));
  }
  if (notes.length > 0) lines.push('', ...notes);
  if (orphanImages.length > 0) {
    lines.push('', _('Images without a chroot:'));
    for (const orphan of orphanImages) lines.push(`  ${orphan.image.path} (${_f('{size}, {age} old', { size: formatSize(orphan.image.sizeBytes), age: formatAge(orphan.image.ageSeconds) })})`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `list --names`, for shell completion: each chroot's name on a line, found from the directories
 * alone (nothing inside a chroot is read or run), quietly nothing when there are none. A name that
 * a shell could not take as one word is left out.
 */
async function listNames(bases: Parameters<typeof findChroots>[0]): Promise<number> {
  const names = [...new Set((await findChroots(bases)).map((chroot) => chroot.name))].filter((name) => /^[\w.+@-]+$/.test(name));
  writeOut(names.map((name) => `${name}\n`).join(''));
  return 0;
}
