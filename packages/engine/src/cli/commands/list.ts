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

const tftpWords = { current: 'current', missing: 'missing', older: 'older', differs: 'differs', 'no-kernel': '-' } as const;

/** The human table, then the reasons for every chroot that does not simply run natively. */
export function renderList(chroots: readonly ChrootInfo[], orphanImages: readonly OrphanImage[]): string {
  const table = new Table({
    head: ['NAME', 'LAYOUT', 'RELEASE', 'ARCH', 'HOST', 'KERNEL', 'TFTP COPY', 'IMAGE'],
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
      tftpWords[chroot.tftp.state],
      chroot.image ? `${formatSize(chroot.image.sizeBytes)}, ${formatAge(chroot.image.ageSeconds)} old` : '-',
    ]);
  }
  const lines = [table.toString().split('\n').map((line) => line.trimEnd()).join('\n')];
  const notes: string[] = [];
  for (const chroot of chroots) {
    if (chroot.verdict !== 'native') notes.push(`${chroot.name}: ${chroot.verdictReason}`);
    if (chroot.nextRelease) notes.push(`${chroot.name}: ${chroot.nextRelease.series} (${chroot.nextRelease.version}) has been released${chroot.behindServer ? ', and the chroot is behind the server' : ''}`);
    else if (chroot.behindServer) notes.push(`${chroot.name}: behind the server's own release`);
  }
  if (notes.length > 0) lines.push('', ...notes);
  if (orphanImages.length > 0) {
    lines.push('', 'Images without a chroot:');
    for (const orphan of orphanImages) lines.push(`  ${orphan.image.path} (${formatSize(orphan.image.sizeBytes)}, ${formatAge(orphan.image.ageSeconds)} old)`);
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
