// The session journal: every mount and file swap is written here before it happens, so a
// crashed run can be undone by the next one (or by `ltsp-chroot cleanup`).
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { naming } from '../errors/known-error.js';
import { syncFolder } from '../fs/durable-write.js';
import { ensureStateDir } from '../status/state-dir.js';

export type JournalEntry =
  | { op: 'mount'; target: string; what: string }
  | { op: 'swap'; path: string; backup: string | null }
  | { op: 'mkdir'; path: string }
  /** A scratch folder of ours inside the chroot, removed with its contents. */
  | { op: 'tree'; path: string }
  | { op: 'create'; path: string };

export interface JournalHeader {
  op: 'header';
  chroot: string;
  name: string;
  pid: number;
  started: string;
}

export interface JournalFile {
  file: string;
  header: JournalHeader;
  entries: JournalEntry[];
}

/** The folder that holds the journals of running (or crashed) sessions. */
export function journalDir(stateDir: string): string {
  return path.join(stateDir, 'sessions');
}

/** An append-only journal of one session; `record` is durable (fsync) before it returns. */
export class Journal {
  readonly file: string;
  /** What this session has recorded so far, oldest first. */
  readonly entries: JournalEntry[] = [];

  private constructor(file: string) {
    this.file = file;
  }

  private header: JournalHeader | undefined;

  /** The journal of a new session on `chroot`; its file is written with the first entry (a session that changes nothing leaves none). */
  static create(stateDir: string, chroot: string, name: string): Journal {
    const journal = new Journal(path.join(journalDir(stateDir), `${name}.${process.pid}.jsonl`));
    journal.header = { op: 'header', chroot, name, pid: process.pid, started: new Date().toISOString() };
    return journal;
  }

  /** Write `entry` and flush it to disk; call this before acting. */
  record(entry: JournalEntry): void {
    if (this.entries.length === 0 && this.header) {
      const dir = path.dirname(this.file);
      ensureStateDir(path.dirname(dir), path.basename(dir));
      this.write(this.header, 'w');
      this.write(entry, 'a');
      // The file's name too must be on the disk before we act, or a power cut loses the journal.
      syncFolder(dir);
    } else {
      this.write(entry, 'a');
    }
    this.entries.push(entry);
  }

  /** Forget what was undone: the file goes, and the next entry starts it again. */
  reset(): void {
    this.remove();
    this.entries.length = 0;
  }

  /** Forget the journal once everything in it has been undone. */
  remove(): void {
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: a concurrent cleanup finished it.
    }
  }

  private write(line: JournalHeader | JournalEntry, flag: 'w' | 'a'): void {
    const fd = openSync(this.file, flag, 0o600);
    try {
      appendFileSync(fd, `${JSON.stringify(line)}\n`);
      fsyncSync(fd);
    } catch (error) {
      throw naming(error, this.file);
    } finally {
      closeSync(fd);
    }
  }
}

/** Every journal left in the state dir; a torn last line (crash while writing) is ignored. */
export function readJournals(stateDir: string): JournalFile[] {
  const dir = journalDir(stateDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const journals: JournalFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = parseJournal(readFileSync(file, 'utf8'));
    if (parsed) journals.push({ file, ...parsed });
  }
  return journals;
}

/** Parse a journal's text. */
export function parseJournal(text: string): { header: JournalHeader; entries: JournalEntry[] } | undefined {
  const lines: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      break;
    }
  }
  const [header, ...entries] = lines as [JournalHeader | undefined, ...JournalEntry[]];
  if (header?.op !== 'header') return undefined;
  return { header, entries };
}
