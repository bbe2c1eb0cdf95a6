// Runs the real `ltsp-chroot` executable, as an administrator would (the installed one in the suite: programs.ts).
import { execa, type Options } from 'execa';
import { programFile } from './programs.js';

const bin = programFile('ltsp-chroot');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run `ltsp-chroot ARGS…` to completion; never throws on a non-zero exit. */
export async function ltspChroot(args: readonly string[], options: Options = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [bin, ...args], { reject: false, ...options });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Start `ltsp-chroot ARGS…` without waiting for it. */
export function startLtspChroot(args: readonly string[], options: Options = {}) {
  return execa(process.execPath, [bin, ...args], { reject: false, ...options });
}

/** The last JSON line of --json output: the result or the error. */
export function lastEvent(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines.at(-1) as string) as Record<string, unknown>;
}

/** How many updates `ltsp-chroot check NAME` finds now (it also writes the status cache the windows read). */
export async function pendingUpdates(common: readonly string[], name: string): Promise<number> {
  const check = await ltspChroot(['check', '--json', ...common, name]);
  return (lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending ?? -1;
}

/**
 * Hold chroot `name` busy the way another run does: `ltsp-chroot exec` takes its apt locks, then
 * runs a shell inside that says so and waits. Resolves once the locks are surely held (a window
 * started before that could check the chroot first); kill the process to let go.
 */
export async function holdChroot(common: readonly string[], name: string, seconds = 120): Promise<{ child: ReturnType<typeof startLtspChroot> }> {
  const holder = startLtspChroot(['exec', ...common, name, '--', 'sh', '-c', `echo held; exec sleep ${seconds}`], { stdin: 'ignore', stderr: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    holder.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('held\n')) resolve();
    });
    holder.once('exit', (code) => { reject(new Error(`ltsp-chroot exec ${name} ended (${code}) before it held the chroot`)); });
  });
  // In an object: an execa process is a promise, and returning it would wait for its end.
  return { child: holder };
}
