// `ltsp-chroot cleanup`: undo what killed runs left behind (mounts, swapped files), from their journals.
import { cleanupAll } from '../../session/cleanup.js';
import { finishInterruptedRollbacks } from '../../release/upgrade-journal.js';
import { emit, writeOut, writeErr } from '../output.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';

/** Run `cleanup`; exit code 1 when something could not be undone. */
export async function cleanupCommand(flags: GlobalFlags): Promise<number> {
  requireRoot('cleanup');
  const options = await engineOptions(flags);
  const report = await cleanupAll(options.stateDir);
  await finishInterruptedRollbacks(options.stateDir, (message, chroot) => report.undone.push({ chroot, action: message }));
  if (flags.json) {
    emit({ type: 'result', command: 'cleanup', undone: report.undone, skipped: report.skipped, problems: report.problems });
  } else {
    if (report.undone.length === 0 && report.problems.length === 0) writeOut('Nothing to clean up.\n');
    for (const { chroot, action } of report.undone) writeOut(`${chroot}: ${action}\n`);
    for (const { chroot, reason } of report.skipped) writeOut(`${chroot}: left alone: ${reason}\n`);
    for (const { chroot, reason } of report.problems) writeErr(`ltsp-chroot: ${chroot}: ${reason}; run "ltsp-chroot cleanup" again once it is fixed\n`);
  }
  return report.problems.length === 0 ? 0 : 1;
}
