// check, refresh, upgrade and release-upgrade stop cleanly when told to: Node's default on
// SIGTERM, SIGINT or SIGHUP is to die at once, with the chroot's mounts and file swaps left up.
// Here the running apt gets SIGTERM instead, no chroot is started after, and every session is
// taken down on the pipeline's usual failure path before the process ends. (exec forwards the
// signals to its command instead: commands/exec.ts.)
import { stopWork } from '../process/run.js';

export function stopWorkOnSignals(): void {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, stopWork);
  }
}
