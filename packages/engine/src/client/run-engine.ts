// How an unprivileged front end asks the engine to act: `pkexec ltsp-chroot … --json`
// (directly when already root), its JSON lines turned into typed events.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../protocol/events.js';

/** The ltsp-chroot executable of this installation. */
export const ltspChrootBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/ltsp-chroot.js');

export interface EngineRun {
  /** Every event the engine printed, as it comes. */
  events: AsyncIterable<EngineEvent>;
  /** The exit code once the engine is done. */
  exitCode: Promise<number>;
  cancel(): void;
}

/** Where the set-up links ltsp-chroot: the path the polkit action (org.ltsp.update-manager.policy) names. */
export const installedLtspChroot = '/usr/local/bin/ltsp-chroot';

/** Start `ltsp-chroot ARGS… --json`, through pkexec unless this process is root. */
export function runEngine(args: readonly string[], options: { asRoot?: boolean; env?: NodeJS.ProcessEnv } = {}): EngineRun {
  const root = options.asRoot ?? process.getuid?.() === 0;
  const command = root ? process.execPath : 'pkexec';
  const argv = root ? [ltspChrootBin, ...args, '--json'] : [installedLtspChroot, ...args, '--json'];
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  const lines = createInterface({ input: child.stdout });
  const exitCode = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  async function* events(): AsyncIterable<EngineEvent> {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as EngineEvent;
      } catch {
        // Not an event: ignore (the engine prints nothing else on stdout with --json).
      }
    }
  }
  return { events: events(), exitCode, cancel: () => child.kill('SIGTERM') };
}
