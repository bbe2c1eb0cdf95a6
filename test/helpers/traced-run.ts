// Runs `ltsp-chroot ARGS…` under strace and says what it did: the programs it started (every
// successful execve's file) and the files it opened. Each process is recorded in its own file
// (-ff): in one shared record, processes running at once interleave their lines, and strace
// splits a call there into an "unfinished" line and a "resumed" one.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { programFile } from './programs.js';

export interface TracedRun {
  exitCode: number;
  stdout: string;
  /** Each program started, in no particular order; the first is Node.js running ltsp-chroot. */
  started: string[];
  /** Each file opened (successfully), in no particular order. */
  opened: string[];
}

/** Run ltsp-chroot with `args` under strace, its record kept in a new folder under `scratch`. */
export async function tracedLtspChroot(scratch: string, args: readonly string[]): Promise<TracedRun> {
  const record = path.join(scratch, `trace-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await mkdir(record, { recursive: true });
  const strace = ['-f', '-ff', '-qq', '-e', 'trace=execve,open,openat', '-e', 'signal=none', '-o', path.join(record, 'process')];
  const run = await execa('strace', [...strace, process.execPath, programFile('ltsp-chroot'), ...args], { reject: false });
  const started: string[] = [];
  const opened: string[] = [];
  for (const file of await readdir(record)) {
    for (const line of (await readFile(path.join(record, file), 'utf8')).split('\n')) {
      const execve = /^execve\("([^"]+)".* = 0$/.exec(line);
      if (execve?.[1] !== undefined) started.push(execve[1]);
      const open = /^open(?:at)?\((?:[^,]+, )?"([^"]+)".* = \d+$/.exec(line);
      if (open?.[1] !== undefined) opened.push(open[1]);
    }
  }
  return { exitCode: run.exitCode ?? -1, stdout: String(run.stdout), started, opened };
}
