// `ltsp-chroot images [NAME…]`: the image versions kept of each chroot, which one is live, their
// size, date, kernel and what changed from the one before. Reads only; a switch a killed run
// left unfinished is reported, and finished by the next publish, rollback or cleanup.
import { chrootByName } from '../../discover/find-by-name.js';
import { listChroots } from '../../discover/list-chroots.js';
import type { ImageVersion } from '../../protocol/events.js';
import { diffInstalled } from '../../release/installed-changes.js';
import { listVersions, liveVersion, imagePaths } from '../../publish/version-store.js';
import { formatSize } from '../../text/size.js';
import { engineOptions, type GlobalFlags } from '../global-options.js';
import { emit, writeOut } from '../output.js';
import { _, _f, _n } from '../../text/i18n.js';

export async function imagesCommand(names: string[], flags: GlobalFlags): Promise<number> {
  const options = await engineOptions(flags);
  const described = (await listChroots(options)).described.filter((chroot) => chroot.kind === 'chroot');
  const chosen = names.length > 0 ? names.map((name) => chrootByName(described, name, options.baseDirs)) : described;
  const chroots = chosen.map((chroot) => {
    const paths = imagePaths(chroot.baseDir, options.tftpDir, chroot.name);
    const live = liveVersion(paths) ?? null;
    const stored = listVersions(paths);
    const versions: ImageVersion[] = stored.map((entry, index) => {
      const before = stored.slice(0, index).reverse().find((older) => older.meta.packages !== null)?.meta.packages ?? undefined;
      const now = entry.meta.packages;
      return {
        version: entry.meta.version,
        path: entry.image,
        sizeBytes: entry.sizeBytes,
        created: entry.meta.created,
        live: entry.meta.version === live,
        liveUntil: entry.meta.liveUntil,
        kernel: entry.meta.kernel,
        refused: entry.meta.refused,
        takenOver: now === null,
        changed: before == null || now === null ? null : diffInstalled(new Map(Object.entries(before)), new Map(Object.entries(now))),
      };
    });
    return { chroot: chroot.name, live, versions };
  });
  if (flags.json) {
    emit({ type: 'result', command: 'images', chroots });
    return 0;
  }
  for (const { chroot, versions } of chroots) {
    if (versions.length === 0) {
      writeOut(`${_f('{chroot}: no image versions (not published by ltsp-chroot yet)', { chroot })}\n`);
      continue;
    }
    writeOut(`${chroot}:\n`);
    for (const entry of versions.toReversed()) {
      const mark = entry.live ? '*' : entry.refused !== null ? '!' : ' ';
      const what = entry.refused !== null ? _f('refused: {reason}', { reason: entry.refused }) : entry.takenOver ? _('LTSP\'s own image, taken over') : changedLine(entry.changed);
      writeOut(`  ${mark} ${entry.version}  ${formatSize(entry.sizeBytes).padStart(9)}  ${entry.kernel ?? _('kernel unknown')}  ${what}\n`);
    }
  }
  writeOut(`${_('(* live, ! refused by the boot check)')}\n`);
  return 0;
}

function changedLine(changed: ImageVersion['changed']): string {
  if (changed === null) return _('the first one kept');
  const parts = [...changed.upgraded, ...changed.installed.map((name) => `+${name}`), ...changed.removed.map((name) => `-${name}`)];
  if (parts.length === 0) return _('no package changed');
  return parts.length <= 4 ? parts.join(', ') : _n('{packages} and {count} more', '{packages} and {count} more', parts.length - 4, { packages: parts.slice(0, 4).join(', ') });
}
