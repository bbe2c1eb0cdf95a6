// Undoes what crashed runs left behind, from their journals: only once nobody holds the chroot.
import { unlinkSync } from 'node:fs';
import { readJournals, type JournalFile } from './journal.js';
import { lockChroot } from './lock.js';
import { undoEntries } from './undo.js';
import { isEngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

export interface CleanupReport {
  undone: { chroot: string; action: string }[];
  /** Sessions still running: theirs to take down, not ours. */
  skipped: { chroot: string; reason: string }[];
  /** What could not be undone; the journal stays for another try. */
  problems: { chroot: string; reason: string }[];
}

/**
 * Undo the journals of dead sessions on the chroot at `root`. The caller holds the chroot's
 * lock, so no live session of ours can own them (the kernel drops a dead holder's lock).
 */
export async function cleanupChroot(stateDir: string, root: string): Promise<CleanupReport> {
  const report: CleanupReport = { undone: [], skipped: [], problems: [] };
  for (const journal of readJournals(stateDir)) {
    if (journal.header.chroot !== root || journal.header.pid === process.pid) continue;
    await undoJournal(journal, report);
  }
  return report;
}

/** `ltsp-chroot cleanup`: every dead session's leftovers, skipping chroots that a live run holds. */
export async function cleanupAll(stateDir: string): Promise<CleanupReport> {
  const report: CleanupReport = { undone: [], skipped: [], problems: [] };
  for (const journal of readJournals(stateDir)) {
    if (journal.header.pid === process.pid) continue;
    let lock;
    try {
      lock = await lockChroot(journal.header.chroot, journal.header.name, stateDir);
    } catch (error) {
      if (isEngineError(error) && error.code === 'busy') {
        const holder = error.context.holderPid === undefined ? 'another process' : `process ${error.context.holderPid}`;
        report.skipped.push({ chroot: journal.header.name, reason: _f('in use by {holder}, which will take its session down itself', { holder }) });
        continue;
      }
      // The chroot itself is gone: its mounts can still be taken down.
      await undoJournal(journal, report);
      continue;
    }
    try {
      await undoJournal(journal, report);
    } finally {
      lock.release();
    }
  }
  return report;
}

async function undoJournal(journal: JournalFile, report: CleanupReport): Promise<void> {
  const result = await undoEntries(journal.entries);
  for (const action of result.done) report.undone.push({ chroot: journal.header.name, action });
  for (const problem of result.problems) report.problems.push({ chroot: journal.header.name, reason: problem });
  if (result.problems.length === 0) {
    try {
      unlinkSync(journal.file);
    } catch {
      // Removed by a concurrent cleanup.
    }
  }
}
