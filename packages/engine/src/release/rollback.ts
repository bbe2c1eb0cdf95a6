// Undoing a release upgrade that failed after its sources were rewritten: the original sources go
// back, and with a snapshot the whole chroot, by two journaled renames; the error then says what
// state the chroot is in and how to finish or go back.
import { existsSync } from 'node:fs';
import { streamInside } from '../apt/apt-in-session.js';
import type { NormalizedOptions } from '../config/options.js';
import { EngineError, isEngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import type { Session } from '../session/session.js';
import { writeSourceFiles } from './source-files.js';
import { completeSnapshotRollback, removeReleaseJournal, writeReleaseJournal, type ReleaseJournal } from './upgrade-journal.js';

export interface RollBackContext {
  session: Session;
  journal: ReleaseJournal;
  options: NormalizedOptions;
  output: (line: string) => void;
}

/** Put the sources (and the snapshot) back; the error returned says what state the chroot is in. */
export async function rollBack(error: unknown, context: RollBackContext): Promise<EngineError> {
  const { session, journal, options } = context;
  const { name, from, to, backup, snapshot } = journal;
  const reason = isEngineError(error) ? error.shortMessage : String((error as Error)?.message ?? error);
  const code = isEngineError(error) ? error.code : 'internal';
  writeSourceFiles(journal.chroot, journal.originals, name);
  if (snapshot !== null) {
    // Nothing of ours may be in the tree that is moved aside, nor in the snapshot put back.
    await session.need('lock');
    const failed = `${journal.chroot}.failed-${to}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    // Journaled first: a run killed between the two renames has them finished by the next one.
    const rolling: ReleaseJournal = { ...journal, phase: 'rolling-back', failed };
    writeReleaseJournal(options.stateDir, rolling);
    completeSnapshotRollback(rolling);
    removeReleaseJournal(options.stateDir, journal.chroot, name);
    return new EngineError(code, _f('release upgrade of {name} to {to} failed ({reason}); the chroot is back to its {from} snapshot, and the failed tree is kept at {failed}', { name, to, reason, from, failed }), { chroot: name, cause: error });
  }
  try {
    await session.need('fetch');
    await streamInside(session, ['apt-get', '-q', 'update'], { onOutput: context.output });
  } catch {
    // The sources are back either way; the lists follow on the next refresh.
  }
  // The journal stays: the next release-upgrade goes on to the same release.
  const saved = existsSync(backup) ? _f(' (a copy of the original sources is in {backup})', { backup }) : '';
  const [what, again] = session.chroot.kind === 'server' ? ['the server', '--server'] : ['the chroot', name];
  return new EngineError(code, _f('release upgrade of {name} to {to} failed ({reason}). Its apt sources are back to {from}{saved}, but {what} may be partly upgraded: to finish the move, fix the cause and run "ltsp-chroot release-upgrade {again}" again; to go back, restore a backup of {what}', { name, to, reason, from, saved, what, again }), { chroot: name, cause: error });
}
