// How an unprivileged front end asks the engine to act: `pkexec ltsp-chroot … --json`
// (directly when already root), its JSON lines turned into typed events.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import type { EngineEvent, ErrorEvent } from '../protocol/events.js';
import { stopRequest } from '../protocol/stop-request.js';
import { protocolVersion } from '../protocol/version.js';
import { readEvent } from './read-event.js';

// The Debian package's bundles are built with this defined as its /usr/sbin/ltsp-chroot
// (debian/stage.sh); in a checkout it is undefined.
declare const LTSP_UPDATE_ENGINE: string | undefined;
const packagedEngine = typeof LTSP_UPDATE_ENGINE === 'string' ? LTSP_UPDATE_ENGINE : undefined;

/**
 * The ltsp-chroot executable of this installation: the package's, or found through the
 * workspace (not a path relative to this file: the windows bundle this module into their own
 * dist folder).
 */
export function ltspChrootBin(): string {
  return packagedEngine ?? createRequire(import.meta.url).resolve('@ltsp-update/engine/bin/ltsp-chroot.js');
}

export interface EngineRun {
  /** Every event the engine printed, as it comes; ends with an error event when the run failed without saying why (pkexec refused, a crash). */
  events: AsyncIterable<EngineEvent>;
  /** The exit code once the engine is done. */
  exitCode: Promise<number>;
  /** Ask the engine to stop (it takes its chroots down cleanly, as on SIGTERM). */
  cancel(): void;
}

/**
 * The path the polkit actions (org.ltsp.update-manager.policy) name: the package's, from a
 * checkout too (its set-up installs the packages it built), so pkexec runs an installed engine only.
 */
export const installedLtspChroot = packagedEngine ?? '/usr/sbin/ltsp-chroot';

// pkexec's own exit codes (pkexec(1)): 126 when the person dismissed the password dialog,
// 127 when polkit refused or pkexec could not run the command. ltsp-chroot never uses either.
const pkexecDismissed = 126;
const pkexecRefused = 127;

export interface RunEngineOptions {
  asRoot?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * An executable to run as root in place of this installation's ltsp-chroot, with the same
   * arguments (a development checkout, the engine of a server in a container). Never used
   * through pkexec: the polkit actions name the installed engine and nothing else.
   */
  engine?: string | undefined;
}

/** Start `ltsp-chroot ARGS… --json`, through pkexec unless this process is root. */
export function runEngine(args: readonly string[], options: RunEngineOptions = {}): EngineRun {
  const root = options.asRoot ?? process.getuid?.() === 0;
  const own = root && options.engine ? options.engine : undefined;
  const command = own ?? (root ? process.execPath : 'pkexec');
  const argv = own ? [...args, '--json'] : root ? [ltspChrootBin(), ...args, '--json'] : [installedLtspChroot, ...args, '--json'];
  // stdin is the way to stop it: under pkexec the engine is root's, and this process may not signal it.
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  child.stdin.on('error', () => undefined); // The engine has ended: there is nothing left to stop.
  // Read stderr as it comes (a full pipe would stall the engine): it explains a failure that
  // printed no event, pkexec's refusal in its first line, a crash in its last.
  const stderr = { first: '', last: '' };
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.trim() === '') return;
    stderr.first ||= line.trim();
    stderr.last = line.trim();
  });
  const exitCode = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      stderr.first = stderr.last = error.message;
      resolve(pkexecRefused);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
  async function* events(): AsyncIterable<EngineEvent> {
    let explained = false;
    let misunderstood = false;
    for await (const line of createInterface({ input: child.stdout })) {
      if (misunderstood) continue; // Said once; the run itself goes on to its end, uninterrupted.
      const reading = readEvent(line);
      if (reading.kind === 'none') continue;
      if (reading.kind === 'mismatch') {
        misunderstood = explained = true;
        yield reading.error;
        continue;
      }
      if (reading.event.type === 'error' || reading.event.type === 'result') explained = true;
      yield reading.event;
    }
    const code = await exitCode;
    if (code !== 0 && !explained) yield unexplainedFailure(code, root, stderr);
  }
  return { events: events(), exitCode, cancel: () => child.stdin.write(`${stopRequest}\n`) };
}

/** The error event for a run that ended without one of the engine's own. */
function unexplainedFailure(code: number, root: boolean, stderr: { first: string; last: string }): ErrorEvent {
  const base = { v: protocolVersion, type: 'error' as const, exitCode: code };
  if (!root && code === pkexecDismissed) {
    return { ...base, code: 'not-authorized', message: 'Not authorized: the password dialog was dismissed, so nothing was changed.' };
  }
  if (!root && code === pkexecRefused) {
    // pkexec says "Error executing command as another user: Not authorized", then "This incident has been reported."
    const reason = stderr.first.replace(/^Error executing command as another user: /, '') || 'pkexec could not run ltsp-chroot';
    return { ...base, code: 'not-authorized', message: `Not authorized to update the chroots (${reason}). Ask an administrator, or check that polkit is running and ${installedLtspChroot} is installed.` };
  }
  return { ...base, code: 'internal', message: `ltsp-chroot stopped with exit code ${code}${stderr.last ? `: ${stderr.last}` : ''}` };
}
