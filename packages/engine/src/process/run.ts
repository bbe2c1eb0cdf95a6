// The one seam for child processes: only this module imports execa.
import { execa, type ResultPromise } from 'execa';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { stopSignal } from './stop-work.js';

// The Debian package that ships each tool we run, for "missing tool" messages.
const debianPackageOf: Record<string, string> = {
  mount: 'mount', umount: 'mount', chroot: 'coreutils', setarch: 'util-linux', debootstrap: 'debootstrap',
  mksquashfs: 'squashfs-tools', ltsp: 'ltsp', 'systemd-nspawn': 'systemd-container', setpriv: 'util-linux', unshare: 'util-linux',
};

// stopWork() (stop-work.ts) aborts the long commands started here; none starts after.

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Replace the environment instead of extending it. */
  cleanEnv?: boolean;
  input?: string;
  cwd?: string;
  signal?: AbortSignal;
  chroot?: string;
  step?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Run a command to completion; a non-zero exit or a missing program throws an EngineError. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const result = await execa(file, args, {
    env: options.env,
    extendEnv: !options.cleanEnv,
    input: options.input,
    cwd: options.cwd,
    cancelSignal: options.signal,
    reject: false,
    stripFinalNewline: false,
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.failed) {
    const missing = (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    const command = [file, ...args].join(' ');
    if (missing) throw missingTool(file, args, options.chroot);
    throw new EngineError(...helperFailure(file, result.exitCode, stderr, options.chroot), {
      command,
      exitCode: result.exitCode ?? -1,
      stderrTail: tail(stderr),
      durationMs: Date.now() - started,
      ...(options.chroot === undefined ? {} : { chroot: options.chroot }),
      ...(options.step === undefined ? {} : { step: options.step }),
    });
  }
  return { stdout, stderr, exitCode: result.exitCode ?? 0 };
}

/**
 * What to say when a system tool (cp, mount, …) failed: its own last words, not "a bug", and a
 * full disk as such.
 */
export function helperFailure(file: string, exitCode: number | undefined, stderr: string, chroot?: string): ['no-space' | 'helper-failed', string] {
  const said = stderr.trim().split('\n').filter(Boolean).at(-1)?.trim() ?? _f('exit code {code}', { code: exitCode ?? _('unknown') });
  if (/No space left on device/.test(stderr)) {
    return ['no-space', chroot === undefined
      ? _f('{program} stopped: the disk is full ({said}); free some space and run the same command again', { program: file, said })
      : _f('{program} stopped for {chroot}: the disk is full ({said}); free some space and run the same command again', { program: file, chroot, said })];
  }
  return ['helper-failed', chroot === undefined ? _f('{program} failed: {said}', { program: file, said }) : _f('{program} failed for {chroot}: {said}', { program: file, chroot, said })];
}

/** Run a command whose failure is acceptable (cleanup paths only); says whether it succeeded. */
export async function runTolerant(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult & { ok: boolean }> {
  const result = await execa(file, args, {
    env: options.env,
    extendEnv: !options.cleanEnv,
    reject: false,
    stripFinalNewline: false,
  });
  return {
    ok: !result.failed,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    exitCode: result.exitCode ?? -1,
  };
}

export interface StreamOptions {
  env: Record<string, string>;
  /** Called for every complete line of stdout, stderr and (when `statusFd`) file descriptor 3. */
  onLine?: (stream: 'stdout' | 'stderr' | 'status', line: string) => void;
  /** Give the command a pipe as file descriptor 3 (apt's APT::Status-Fd). */
  statusFd?: boolean;
  signal?: AbortSignal;
  /** How to stop the command when told to (default: SIGTERM, then SIGKILL after 5 seconds); `ended` settles when it has. */
  interrupt?: (pid: number, ended: Promise<void>) => void;
}

/** Run a command to completion, handing its output over line by line as it comes; never throws for a non-zero exit. */
export async function runStreaming(file: string, args: readonly string[], options: StreamOptions): Promise<RunResult & { durationMs: number }> {
  return startStreaming(file, args, options, false).ended;
}

/** A command started with a pipe to its standard input: lines go in as the caller decides, output comes out as in runStreaming. */
export interface Conversation {
  /** Write `line` and a newline to the command's input (dropped once the command has gone). */
  say(line: string): void;
  /** Close the command's input: a reader at its end of it sees the end of the file. */
  close(): void;
  /** Settles when the command has ended, as runStreaming does. */
  ended: Promise<RunResult & { durationMs: number }>;
}

/** Start a command to talk to over its standard input (see Conversation); never throws for a non-zero exit. */
export function startConversation(file: string, args: readonly string[], options: StreamOptions): Conversation {
  return startStreaming(file, args, options, true);
}

function startStreaming(file: string, args: readonly string[], options: StreamOptions, withInput: boolean): Conversation {
  const started = Date.now();
  const cancel = options.signal ? AbortSignal.any([options.signal, stopSignal]) : stopSignal;
  const input = withInput ? 'pipe' : 'ignore';
  const subprocess = execa(file, args, {
    env: options.env,
    extendEnv: false,
    stdio: options.statusFd ? [input, 'pipe', 'pipe', 'pipe'] : [input, 'pipe', 'pipe'],
    ...(options.interrupt ? {} : { cancelSignal: cancel }),
    reject: false,
    stripFinalNewline: false,
  });
  // A command that ended (or never started) closes its input: what is still said to it is dropped.
  subprocess.stdin?.on('error', () => undefined);
  const interrupt = options.interrupt;
  const onCancel = () => {
    if (interrupt && subprocess.pid !== undefined) interrupt(subprocess.pid, subprocess.then(() => undefined, () => undefined));
  };
  if (interrupt) {
    if (cancel.aborted) onCancel();
    else cancel.addEventListener('abort', onCancel, { once: true });
  }
  const streams = [['stdout', subprocess.stdout], ['stderr', subprocess.stderr], ['status', options.statusFd ? subprocess.stdio[3] : null]] as const;
  for (const [name, stream] of streams) {
    if (!stream || !options.onLine) continue;
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(name, line);
    });
    stream.on('end', () => {
      if (pending) options.onLine?.(name, pending);
    });
  }
  const ended = (async () => {
    const result = await subprocess;
    cancel.removeEventListener('abort', onCancel);
    if (result.failed && (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw missingTool(file, args);
    return {
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      exitCode: result.exitCode ?? (result.signal ? 128 : -1),
      durationMs: Date.now() - started,
    };
  })();
  return {
    say: (line) => {
      if (subprocess.stdin?.writable) subprocess.stdin.write(`${line}\n`);
    },
    close: () => subprocess.stdin?.end(),
    ended,
  };
}

/** Start a command that runs beside the engine until told to stop (a holder of a private mount): stdout piped, stderr kept. */
export function spawnBeside(file: string, args: readonly string[]): ResultPromise<{ reject: false; stdin: 'ignore'; stdout: 'pipe'; stderr: 'pipe'; buffer: { stdout: false; stderr: true } }> {
  return execa(file, args, { reject: false, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', buffer: { stdout: false, stderr: true } });
}

/** Start a command attached to our terminal (for `exec`); the caller forwards signals and awaits it. */
export function spawnAttached(file: string, args: readonly string[], env: Record<string, string>): ResultPromise {
  return execa(file, args, { env, extendEnv: false, stdio: 'inherit', reject: false });
}

/** The error for a program that is not installed, naming the Debian package that ships it. */
function missingTool(file: string, args: readonly string[], chroot?: string): EngineError {
  const provider = debianPackageOf[file];
  return new EngineError('missing-tool', _f('{file} is not installed: {remedy}', { file, remedy: provider ? `apt-get install ${provider}` : _('install the package that provides it') }), {
    command: [file, ...args].join(' '),
    ...(chroot === undefined ? {} : { chroot }),
  });
}

function tail(text: string, lines = 5): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// How long a command told to stop gets before it is killed: a hostile or hung program that
// ignores SIGTERM must not keep its chroot, or the job, running.
const stopGraceMs = 10_000;

/** SIGKILL to `pid` once the grace is over, unless it `ended` before. */
export function killAfterGrace(pid: number, ended: Promise<void>): void {
  const deadline = setTimeout(() => {
    // The run may end between the deadline and the kill (execa settles once its pipes close too):
    // a kill that finds no process has nothing left to do, and must not end the engine before its teardown.
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, stopGraceMs);
  void ended.finally(() => clearTimeout(deadline));
}
