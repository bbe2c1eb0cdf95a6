// Runs the real `ltsp-chroot` executable, as an administrator would.
import path from 'node:path';
import { execa, type Options } from 'execa';

const bin = path.resolve(import.meta.dirname, '../../packages/engine/bin/ltsp-chroot.js');

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
