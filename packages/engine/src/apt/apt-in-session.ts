// Runs apt and dpkg inside an open session: output read in the C locale, failures as apt-failed errors.
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { killAfterGrace, runStreaming } from '../process/run.js';
import { withServerMachineId } from './machine-id.js';
import { passSignal } from '../session/confine.js';
import type { Session } from '../session/session.js';

// apt's messages are parsed, so they must not be translated.
export const cLocale = { LC_ALL: 'C', LANGUAGE: '' };

export interface StreamHandlers {
  onOutput?: (line: string) => void;
  onStatus?: (line: string) => void;
  signal?: AbortSignal;
}

/** Run `command` in the chroot and give its standard output; a non-zero exit is an apt-failed error naming apt's own reason. */
export async function readInside(session: Session, command: readonly string[], signal?: AbortSignal): Promise<string> {
  const result = await streamInside(session, command, { ...(signal ? { signal } : {}) });
  return result.stdout;
}

/** Run `command` in the chroot, handing over its output and (for apt) Status-Fd lines as they come. */
export async function streamInside(session: Session, command: readonly string[], handlers: StreamHandlers = {}): Promise<{ stdout: string; durationMs: number }> {
  const statusFd = handlers.onStatus !== undefined;
  // In a chroot, apt phases updates with the server's machine id (apt/machine-id.ts); the server's own apt has it already.
  const phased = session.chroot.kind === 'server' ? command : withServerMachineId(command);
  const line = session.commandLine(statusFd ? [...phased, '-o', 'APT::Status-Fd=3'] : phased, cLocale, { statusFd });
  const result = await runStreaming(line.file, line.args, {
    env: line.env,
    statusFd,
    ...(handlers.signal ? { signal: handlers.signal } : {}),
    interrupt: session.stop ?? stopConfined,
    onLine: (stream, text) => {
      if (stream === 'status') handlers.onStatus?.(text);
      else handlers.onOutput?.(text);
    },
  });
  if (result.exitCode !== 0) throw aptFailure(session, command, result);
  return { stdout: result.stdout, durationMs: result.durationMs };
}

/** The error for `command` that ended with `result`'s non-zero exit in the session's chroot: apt's own reason, a full disk, the network, a lock, or a program that could not start. */
export function aptFailure(session: Session, command: readonly string[], result: { exitCode: number; stdout: string; stderr: string; durationMs: number }): EngineError {
  const unstartable = cannotStart(result.exitCode, result.stderr);
  if (unstartable !== undefined) {
    return new EngineError('unsupported-arch', _f('{name}\'s programs cannot run on this host: {program} did not start ({unstartable})', { name: session.chroot.name, program: command[0], unstartable }), {
      chroot: session.chroot.name,
      command: command.join(' '),
      exitCode: result.exitCode,
      durationMs: result.durationMs,
    });
  }
  // dpkg writes through apt's pty, so its own errors are on stdout while apt's E: lines are on stderr.
  const reason = aptReason(`${result.stderr}\n${result.stdout}`) ?? `exit code ${result.exitCode}`;
  const what = commandName(command);
  const name = session.chroot.name;
  const details = {
    chroot: name,
    command: command.join(' '),
    exitCode: result.exitCode,
    stderrTail: result.stderr.trimEnd().split('\n').slice(-8).join('\n'),
    durationMs: result.durationMs,
  };
  const full = fullDiskLine(`${result.stderr}\n${result.stdout}`);
  if (full !== undefined) {
    return new EngineError('no-space', _f('{what} stopped in {name}: the disk is full ({full}); free some space in the chroot or the package cache and run the same command again, which finishes the job', { what, name, full }), details);
  }
  if (networkFailure(`${result.stderr}\n${result.stdout}`)) {
    return new EngineError('network-failed', _f('{what} could not download for {name}: {reason}; check the server\'s network (and proxy), then run the same command again', { what, name, reason }), details);
  }
  // Another program took the system's lock between our look and apt's start. The server only: a
  // chroot's locks are the session's, so apt inside failing on one is no other program's doing.
  const held = session.chroot.kind === 'server' ? /Could not get lock (\S+?)\.? It is held by process (\d+)(?: \(([^)]*)\))?/.exec(`${result.stderr}\n${result.stdout}`) : null;
  if (held) {
    return new EngineError('busy', _f('{name} is busy: {program} (process {pid}) holds {file}; wait for it to finish and try again', { name, program: held[3] ?? _('a program'), pid: held[2], file: held[1] }), { ...details, holderPid: Number(held[2]) });
  }
  return new EngineError('apt-failed', _f('{what} failed in {name}: {reason}', { what, name, reason }), details);
}

/** Tell apt inside to stop as it was told before confinement (SIGTERM, which it passes to dpkg), then make sure. */
export function stopConfined(pid: number, ended: Promise<void>): void {
  passSignal(pid, 'SIGTERM');
  // SIGKILL to the run's first process, if need be: the kernel takes its PID namespace down with it.
  killAfterGrace(pid, ended);
}

/**
 * Why the container could not start the command at all (the kernel refused the binary, or its
 * ELF interpreter is missing), or undefined when the command ran and failed on its own.
 * nspawn's stub init says "execv(PROGRAM) failed: REASON" and exits 1; setarch and chroot(1),
 * as older runs and LTSP's own tools use them, exit 126 or 127.
 */
export function cannotStart(exitCode: number, stderr: string): string | undefined {
  if (exitCode !== 1 && exitCode !== 126 && exitCode !== 127) return undefined;
  const line = stderr.split('\n').find((text) => /^(execv\(.*\) failed: |chroot: failed to run command|setarch: failed to execute)/.test(text));
  if (line === undefined) return undefined;
  return line.slice(line.lastIndexOf(': ') + 2).trim() || `exit code ${exitCode}`;
}

/**
 * apt's own words for a failure: its first "E:" line, else its last "W:" line. When that only
 * says that dpkg failed, dpkg's own first error (and the line of reason under it) is more use.
 */
export function aptReason(output: string): string | undefined {
  const lines = output.split('\n').map((text) => text.trim());
  const error = lines.find((text) => text.startsWith('E: '));
  const dpkgError = lines.findIndex((text) => text.startsWith('dpkg: error'));
  if (error?.startsWith('E: Sub-process /usr/bin/dpkg returned an error code') && dpkgError >= 0) {
    const under = lines[dpkgError + 1];
    return [lines[dpkgError], under !== undefined && under !== '' && !under.startsWith('dpkg:') ? under : undefined].filter(Boolean).join(' ');
  }
  if (error) return error.slice(3);
  const warnings = lines.filter((text) => text.startsWith('W: '));
  return warnings.at(-1)?.slice(3) ?? lines.find((text) => text.startsWith('dpkg: error'));
}

/** "apt-get dist-upgrade", "dpkg --configure": the program and what it was asked to do, without its options. */
export function commandName(command: readonly string[]): string {
  const [program = '', ...args] = command;
  if (program.startsWith('apt')) {
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] as string;
      // -o and -c take a value: skip it too.
      if (arg === '-o' || arg === '-c') index++;
      else if (!arg.startsWith('-')) return `${program} ${arg}`;
    }
  }
  if (program === 'dpkg') {
    const action = args.find((arg) => /^--(configure|audit|unpack|install|remove|purge)$/.test(arg));
    if (action !== undefined) return `${program} ${action}`;
  }
  return program;
}

/** The line of apt's or dpkg's output that says the disk filled up (ENOSPC), if one does. */
export function fullDiskLine(output: string): string | undefined {
  const line = output.split('\n').find((text) => /No space left on device/.test(text));
  return line === undefined ? undefined : line.trim().replace(/^(E|W): /, '');
}

// apt's words (via strerror and its own methods) for a mirror it could not talk to, as opposed to
// one that answered with an error (404, a bad signature), which the administrator fixes elsewhere.
const networkWords = /Error reading from server|Could not connect|Unable to connect|Connection timed out|Connection failed|Connection refused|Temporary failure resolving|Could not resolve|Network is unreachable|No route to host|Unable to establish|Failed to connect/;

/** True when apt failed because a mirror could not be reached at all. */
export function networkFailure(output: string): boolean {
  return output.split('\n').some((text) => /^(E|W|Err):?/.test(text.trim()) && networkWords.test(text));
}
