// Killing a run the way a power cut or a killed window would, at a moment picked from its own events.
import { readdir, stat } from 'node:fs/promises';
import { startLtspChroot } from './cli.js';

export type RunEvent = { type: string; step?: string; state?: string; message?: string; chroot?: string; package?: string };

type Run = ReturnType<typeof startLtspChroot>;

/** Call `handle` with every JSON event the run prints, as it comes. */
export function onEvents(run: Run, handle: (event: RunEvent) => void): void {
  let buffer = '';
  run.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) handle(JSON.parse(line) as RunEvent);
  });
}

/**
 * Start `ltsp-chroot ARGS…` in its own process group and SIGKILL the whole group once `when` has
 * said yes, `delayMs` later: the engine and every helper it started die at once, as at a power cut
 * (the chroot's programs are taken down by the kernel with the engine's PID namespace).
 * Resolves with whether the kill happened before the run ended by itself.
 */
export async function killRunWhen(args: readonly string[], when: (event: RunEvent) => boolean, delayMs = 0): Promise<{ killed: boolean; stdout: string }> {
  const run = startLtspChroot(args, { detached: true });
  let killed = false;
  let armed = false;
  onEvents(run, (event) => {
    if (armed || !when(event)) return;
    armed = true;
    setTimeout(() => {
      if (run.exitCode !== undefined && run.exitCode !== null) return;
      killed = true;
      try {
        process.kill(-(run.pid as number), 'SIGKILL');
      } catch {
        killed = false;
      }
    }, delayMs);
  });
  const result = await run;
  return { killed, stdout: String(result.stdout) };
}

/** PIDs of processes whose root directory is `dir`. A confined process's root link reads "/" from here, so it is told by the directory it leads to. */
export async function processesInside(dir: string): Promise<number[]> {
  const chroot = await stat(dir);
  const found: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const where = await stat(`/proc/${pid}/root`).catch(() => undefined);
    if (where?.ino === chroot.ino && where.dev === chroot.dev) found.push(Number(pid));
  }
  return found;
}

/** How many processes are still inside `dir` once the kernel has had a moment to reap them (-1: some never went). */
export async function leftInside(dir: string): Promise<number> {
  for (let i = 0; i < 40; i++) {
    if ((await processesInside(dir)).length === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return -1;
}
