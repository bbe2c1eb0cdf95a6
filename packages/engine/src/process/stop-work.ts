// Set when the engine is told to stop (SIGTERM, SIGINT or SIGHUP during check, refresh, upgrade or
// release-upgrade): the long commands running (apt, dpkg, ltsp) get SIGTERM, none starts after,
// and the pipeline then takes its sessions down on its usual failure path. Short commands (mount,
// umount) are not stopped: the teardown needs them. Apart from run.ts, so that listening for the
// signals does not load the process machinery before a command needs it.
const stopping = new AbortController();

/** Stop the work in progress (see above). */
export function stopWork(): void {
  stopping.abort();
}

/** True once stopWork() was called. */
export function workStopped(): boolean {
  return stopping.signal.aborted;
}

/** Aborted once stopWork() was called: the long commands run.ts starts are given it. */
export const stopSignal: AbortSignal = stopping.signal;
