// check, refresh, upgrade and release-upgrade stop cleanly when told to: Node's default on
// SIGTERM, SIGINT or SIGHUP is to die at once, with the chroot's mounts and file swaps left up.
// Here the running apt gets SIGTERM instead, no chroot is started after, and every session is
// taken down on the pipeline's usual failure path before the process ends. (exec forwards the
// signals to its command instead: commands/exec.ts.)
import { fstatSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { stopWork } from '../process/stop-work.js';
import { stopRequest } from '../protocol/stop-request.js';

export function stopWorkOnSignals(): void {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, stopWork);
  }
  stopOnRequestLine();
}

/**
 * A window that started the engine through pkexec cannot signal it (root owns it): it writes
 * the stop request on the engine's stdin. Only a pipe or a socket is read, never a terminal
 * (whose keys are a person's) or a file; the end of the pipe (the window went away) stops
 * nothing, since closing a window never cancels a run.
 */
function stopOnRequestLine(): void {
  let piped: boolean;
  try {
    const stdin = fstatSync(0);
    piped = stdin.isFIFO() || stdin.isSocket();
  } catch {
    return; // No stdin at all.
  }
  if (!piped) return;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === stopRequest) stopWork();
  });
  // Reading stdin must not keep the engine alive once its work is done.
  (process.stdin as { unref?: () => void }).unref?.();
}
