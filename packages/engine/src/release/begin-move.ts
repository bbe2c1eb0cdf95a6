// The start of a move, before the first source file is rewritten: the original sources kept on
// the host, and the journal written, so that from here on the next run finishes the move.
import path from 'node:path';
import type { MovePlan } from './preflight.js';
import { backUpSourceFiles } from './source-files.js';
import { writeReleaseJournal, type ReleaseJournal } from './upgrade-journal.js';

export interface MoveStart {
  stateDir: string;
  chroot: { path: string; name: string };
  from: string;
  to: string;
  plan: MovePlan;
  snapshot: string | null;
}

/** Keep the original sources and journal the move; the journal is returned once it is on disk. */
export function beginMove({ stateDir, chroot, from, to, plan, snapshot }: MoveStart): ReleaseJournal {
  const backup = path.join(stateDir, 'release-upgrade', `${chroot.name}-${from}-to-${to}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  backUpSourceFiles(plan.originals, backup);
  const journal: ReleaseJournal = { v: 1, chroot: chroot.path, name: chroot.name, from, to, backup, snapshot, originals: plan.originals, target: plan.files, disabled: plan.disabled, phase: 'moving' };
  writeReleaseJournal(stateDir, journal);
  return journal;
}
