// The journal of a release upgrade in progress. It is written before the first source file is
// rewritten and removed once the move is done or undone, so a run cut short at any moment (the
// window killed, the power gone) is finished by the next one: a move goes on to the release it
// was heading for, even when the chroot's os-release already names that release, and a
// rollback to a snapshot completes its two renames even when the chroot's folder is missing.
import '../protocol/zod-messages.js';
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as z from 'zod/mini';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { loadFsExt } from '../fs/fs-ext.js';
import { syncFolder, writeFileDurably } from '../fs/durable-write.js';
import { ensureStateDir } from '../status/state-dir.js';

const sourceFileSchema = z.object({ name: z.string(), format: z.enum(['one-line', 'deb822']), text: z.string() });

const journalSchema = z.object({
  v: z.literal(1),
  /** The chroot's folder and name. */
  chroot: z.string(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  /** Where the original sources are kept on the host. */
  backup: z.string(),
  snapshot: z.nullable(z.string()),
  /** The sources as they were, and as the move writes them. */
  originals: z.array(sourceFileSchema),
  target: z.array(sourceFileSchema),
  disabled: z.array(z.string()),
  phase: z.enum(['moving', 'rolling-back']),
  /** While rolling back to the snapshot: where the failed tree is moved. */
  failed: z.optional(z.string()),
});

export type ReleaseJournal = z.infer<typeof journalSchema>;

// A journal holds a few source files (1 MB each at most): anything far larger is not ours.
const maxJournalBytes = 64 * 1024 * 1024;

function journalFolder(stateDir: string): string {
  return ensureStateDir(stateDir, 'release-upgrade');
}

// By name and path: an /srv/ltsp and an /opt/ltsp chroot may share a name.
function journalKey(chroot: string, name: string): string {
  return `${name}-${createHash('sha256').update(chroot).digest('hex').slice(0, 12)}`;
}

/** Where the journal of the chroot's release upgrade is kept. */
export function journalPath(stateDir: string, chroot: string, name: string): string {
  return path.join(journalFolder(stateDir), `${journalKey(chroot, name)}.journal.json`);
}

/** The unfinished release upgrade of the chroot at `chroot`, if there is one. */
export function readReleaseJournal(stateDir: string, chroot: string, name: string): ReleaseJournal | undefined {
  const file = journalPath(stateDir, chroot, name);
  if (!existsSync(file)) return undefined;
  return parseJournal(file);
}

function parseJournal(file: string): ReleaseJournal {
  const unreadable = (why: string) => new EngineError('not-ready', _f('the journal of an interrupted release upgrade, {file}, cannot be read ({why}): look at it, and remove it once the chroot is as it should be', { file, why }));
  const size = statSync(file).size;
  if (size > maxJournalBytes) throw unreadable('it is too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  const result = journalSchema.safeParse(parsed);
  if (!result.success) throw unreadable(result.error.issues[0]?.message ?? 'unexpected content');
  return result.data;
}

/** Write (or replace) the journal durably: it must be on the disk before the change it describes. */
export function writeReleaseJournal(stateDir: string, journal: ReleaseJournal): void {
  writeFileDurably(journalPath(stateDir, journal.chroot, journal.name), `${JSON.stringify(journal)}\n`, 0o600);
}

/** The move is done or undone: forget it. */
export function removeReleaseJournal(stateDir: string, chroot: string, name: string): void {
  rmSync(journalPath(stateDir, chroot, name), { force: true });
  syncFolder(journalFolder(stateDir));
}

export interface ReleaseLock {
  release(): void;
}

/**
 * Hold the chroot's release-upgrade lock (flock on a file in the state dir) for a whole run: the
 * dpkg lock cannot serve here, since it lives inside the folder a rollback renames away. The
 * kernel drops it when the holder dies, which is how a later run knows a journal is orphaned.
 */
export async function holdReleaseLock(stateDir: string, chroot: string, name: string): Promise<ReleaseLock | undefined> {
  const fd = openSync(path.join(journalFolder(stateDir), `${journalKey(chroot, name)}.lock`), 'a', 0o600);
  const taken = await new Promise<boolean>((resolve, reject) => {
    loadFsExt().flock(fd, 'exnb', (error) => {
      if (!error) resolve(true);
      else if (error.code === 'EAGAIN' || error.code === 'EWOULDBLOCK') resolve(false);
      else reject(error);
    });
  });
  if (!taken) {
    closeSync(fd);
    return undefined;
  }
  return { release: () => closeSync(fd) };
}

/** Take the lock or say who is moving the chroot. */
export async function requireReleaseLock(stateDir: string, chroot: string, name: string): Promise<ReleaseLock> {
  const lock = await holdReleaseLock(stateDir, chroot, name);
  if (lock === undefined) throw new EngineError('busy', _f('{name} is busy: another ltsp-chroot is moving it to a new release; wait for it to finish', { name }), { chroot: name });
  return lock;
}

/** The two renames of a rollback to the snapshot, each done only when it is still to do. */
export function completeSnapshotRollback(journal: ReleaseJournal): void {
  if (journal.snapshot === null || journal.failed === undefined) return;
  // lstat, not exists: whether the name is there, never where a link there would lead.
  const there = (entry: string) => lstatSync(entry, { throwIfNoEntry: false }) !== undefined;
  if (there(journal.chroot) && there(journal.snapshot)) renameSync(journal.chroot, journal.failed);
  if (there(journal.snapshot) && !there(journal.chroot)) renameSync(journal.snapshot, journal.chroot);
  syncFolder(path.dirname(journal.chroot));
}

/**
 * Finish the rollbacks that a killed run left half done (the chroot's folder may be missing
 * meanwhile, so this runs before chroots are listed). Journals of live runs are left alone.
 */
export async function finishInterruptedRollbacks(stateDir: string, warn: (message: string, chroot: string) => void): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(path.join(stateDir, 'release-upgrade')).filter((entry) => entry.endsWith('.journal.json'));
  } catch {
    return;
  }
  for (const entry of names) {
    const journal = parseJournal(path.join(stateDir, 'release-upgrade', entry));
    if (journal.phase !== 'rolling-back') continue;
    const lock = await holdReleaseLock(stateDir, journal.chroot, journal.name);
    if (lock === undefined) continue;
    try {
      completeSnapshotRollback(journal);
      removeReleaseJournal(stateDir, journal.chroot, journal.name);
      warn(`the interrupted rollback of ${journal.name} was finished: it is back to its ${journal.from} snapshot, and the failed tree is kept at ${journal.failed}`, journal.name);
    } finally {
      lock.release();
    }
  }
}
