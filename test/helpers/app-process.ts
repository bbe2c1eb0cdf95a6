// A window under test, started in a process group of its own so that stopping it also stops
// the engine it started (which a closed window leaves running on purpose), and the test's
// mount check sees the engine's teardown finished.
import { execa, type Options, type ResultPromise } from 'execa';

export interface AppProcess {
  child: ResultPromise;
  /** SIGTERM to the whole group (the engine takes its chroot down on it), then wait until none of it is left. */
  stop(): Promise<void>;
}

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

export function startApp(file: string, args: readonly string[], options: Options = {}): AppProcess {
  const child = execa(file, args, { ...options, detached: true, reject: false });
  const pid = child.pid;
  return {
    child,
    async stop() {
      if (pid === undefined) return;
      if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
      const deadline = Date.now() + 60_000;
      while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
      await child;
    },
  };
}
