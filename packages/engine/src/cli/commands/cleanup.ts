// `ltsp-chroot cleanup`: undo what killed runs left behind (mounts, swapped files) from their journals,
// and finish or clear the image versions a killed publish left half-switched or half-built.
import { existsSync } from 'node:fs';
import { cleanupAll } from '../../session/cleanup.js';
import { finishInterruptedRollbacks } from '../../release/upgrade-journal.js';
import { listChroots } from '../../discover/list-chroots.js';
import { knownError } from '../../errors/known-error.js';
import type { NormalizedOptions } from '../../config/options.js';
import { tidyVersions } from '../../publish/publish.js';
import { imagePaths } from '../../publish/version-store.js';
import { lockChroot } from '../../session/lock.js';
import { emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { _, _f } from '../../text/i18n.js';

/** Run `cleanup`; exit code 1 when something could not be undone. */
export async function cleanupCommand(flags: GlobalFlags): Promise<number> {
  requireRoot('cleanup');
  const options = await engineOptions(flags);
  const report = await cleanupAll(options.stateDir);
  await finishInterruptedRollbacks(options.stateDir, (message, chroot) => report.undone.push({ chroot, action: message }));
  await tidyImageVersions(options, report);
  if (flags.json) {
    emit({ type: 'result', command: 'cleanup', undone: report.undone, skipped: report.skipped, problems: report.problems });
  } else {
    if (report.undone.length === 0 && report.problems.length === 0) writeOut(`${_('Nothing to clean up.')}\n`);
    for (const { chroot, action } of report.undone) writeOut(`${chroot}: ${action}\n`);
    for (const { chroot, reason } of report.skipped) writeOut(`${_f('{chroot}: left alone: {reason}', { chroot, reason })}\n`);
    for (const { chroot, reason } of report.problems) writeErr(`ltsp-chroot: ${_f('{chroot}: {reason}; run "ltsp-chroot cleanup" again once it is fixed', { chroot, reason })}\n`);
  }
  return report.problems.length === 0 ? 0 : 1;
}

/** Finish a half-switched image and remove a half-built one, for every chroot that no run holds now. */
async function tidyImageVersions(options: NormalizedOptions, report: Awaited<ReturnType<typeof cleanupAll>>): Promise<void> {
  const chroots = (await listChroots(options)).described.filter((chroot) => chroot.kind === 'chroot' && chroot.layout === 'modern');
  for (const chroot of chroots) {
    const paths = imagePaths(chroot.baseDir, options.tftpDir, chroot.name);
    if (!existsSync(paths.versionsDir) && !existsSync(paths.staging.tftp)) continue;
    let lock;
    try {
      lock = await lockChroot(chroot.path, chroot.name, options.stateDir);
    } catch (error) {
      // A publish under way holds it: what looks half-built is its work.
      report.skipped.push({ chroot: chroot.name, reason: knownError(error)?.shortMessage ?? String(error) });
      continue;
    }
    try {
      for (const action of tidyVersions(paths)) report.undone.push({ chroot: chroot.name, action });
    } catch (error) {
      report.problems.push({ chroot: chroot.name, reason: knownError(error)?.shortMessage ?? String(error) });
    } finally {
      lock.release();
    }
  }
}
