// Undoes a journal, newest entry first. Every undo is idempotent: it checks what is really
// there, so replaying a journal after a crash at any point is safe.
import { lstatSync, renameSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import type { JournalEntry } from './journal.js';
import { mountPoints } from './mountinfo.js';
import { unmountTree } from './mounts.js';

export interface UndoReport {
  done: string[];
  problems: string[];
}

/** Undo `entries` in reverse order; what was done and what could not be. */
export async function undoEntries(entries: readonly JournalEntry[]): Promise<UndoReport> {
  const report: UndoReport = { done: [], problems: [] };
  for (const entry of [...entries].reverse()) {
    try {
      await undoEntry(entry, report);
    } catch (error) {
      report.problems.push(`${describe(entry)}: ${(error as Error).message}`);
    }
  }
  return report;
}

async function undoEntry(entry: JournalEntry, report: UndoReport): Promise<void> {
  switch (entry.op) {
    case 'mount': {
      if (!mountPoints().includes(entry.target)) return;
      const problems = await unmountTree(entry.target);
      report.problems.push(...problems);
      if (problems.length === 0) report.done.push(`unmounted ${entry.target}`);
      return;
    }
    case 'swap': {
      if (entry.backup !== null) {
        // The rename aside happened only if the backup exists; otherwise the original never moved.
        if (!exists(entry.backup)) return;
        renameSync(entry.backup, entry.path);
        report.done.push(`restored ${entry.path}`);
      } else if (exists(entry.path)) {
        unlinkSync(entry.path);
        report.done.push(`removed ${entry.path}`);
      }
      return;
    }
    case 'create': {
      if (!exists(entry.path)) return;
      unlinkSync(entry.path);
      report.done.push(`removed ${entry.path}`);
      return;
    }
    case 'tree': {
      if (!exists(entry.path)) return;
      rmSync(entry.path, { recursive: true, force: true });
      report.done.push(`removed ${entry.path}`);
      return;
    }
    case 'mkdir': {
      if (!exists(entry.path)) return;
      rmdirSync(entry.path);
      report.done.push(`removed ${entry.path}`);
      return;
    }
  }
}

function describe(entry: JournalEntry): string {
  return entry.op === 'mount' ? `unmount ${entry.target}` : `${entry.op} ${entry.path}`;
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
