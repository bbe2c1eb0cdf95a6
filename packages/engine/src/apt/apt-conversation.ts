// Planning a chroot's updates in one confined run. Every confined command costs a container
// (setpriv, unshare, systemd-nspawn), which on a kernel where starting processes is slow costs
// as much as apt-cache itself; a plan used to start three. Now the chroot's own shell is started
// once and runs, in that one container, what the plan asks for as it goes: the upgrade's
// simulation, then the version tables of the packages it names. `apt-cache policy` (the release
// of every source) runs beside them from the start, its output on file descriptor 3.
import { randomBytes } from 'node:crypto';
import { startConversation } from '../process/run.js';
import type { Session } from '../session/session.js';
import { aptFailure, cLocale, stopConfined } from './apt-in-session.js';
import { withServerMachineId } from './machine-id.js';

export type PlanMode = 'dist-upgrade' | 'upgrade';

/**
 * The shell's part: $1 is the marker that ends each answer (with the exit code after it), the
 * rest are options for every apt program (the server's machine id). Requests come one a line:
 * "plan MODE" or "policy NAME…" (names checked against Debian's syntax; no globbing, and each
 * program's input is /dev/null, so none of them reads the requests). The end of the input ends
 * the shell, once the sources' policy is written.
 * An empty archives folder makes apt print every .deb with its size, cached or not.
 */
const script = `set -f
marker=$1
shift
apt-cache "$@" policy >&3 </dev/null &
releases=$!
while IFS= read -r request; do
  case $request in
    'plan dist-upgrade'|'plan upgrade') apt-get "$@" --print-uris -V -y -o Dir::Cache::Archives=/nonexistent/ "\${request#plan }" </dev/null ;;
    'policy '*) apt-cache "$@" policy -- \${request#policy } </dev/null ;;
    *) exit 64 ;;
  esac
  printf '\\n%s %s\\n' "$marker" "$?"
done
wait "$releases"`;

export interface AptConversation {
  /** apt-get --print-uris -V MODE: what the upgrade would install, with each .deb's size. */
  plan(mode: PlanMode): Promise<string>;
  /** apt-cache policy -- NAMES: each package's installed and candidate versions and version table. */
  policy(names: readonly string[]): Promise<string>;
  /** Ends the conversation and gives the global apt-cache policy: the release of every source. */
  releases(): Promise<string>;
  /** Stops whatever still runs (after a failure) and waits until the container is gone. */
  stop(): Promise<void>;
}

interface Pending {
  command: readonly string[];
  lines: string[];
  stderrAt: number;
  startedAt: number;
  settle: (exitCode: number) => void;
}

/** Start the chroot's shell in `session` (see above); `signal` stops it. */
export function startAptConversation(session: Session, signal?: AbortSignal): AptConversation {
  const marker = `ltsp-update-${randomBytes(8).toString('hex')}`;
  // In a chroot, apt phases updates with the server's machine id; the server's own apt has it already.
  const aptOptions = session.chroot.kind === 'server' ? [] : withServerMachineId(['apt-get']).slice(1);
  const line = session.commandLine(['/bin/sh', '-c', script, 'ltsp-update-plan', marker, ...aptOptions], cLocale, { statusFd: true });
  const stopping = new AbortController();
  const stopSignal = signal ? AbortSignal.any([signal, stopping.signal]) : stopping.signal;
  const releaseLines: string[] = [];
  let stderr = '';
  let pending: Pending | undefined;
  const markerLine = new RegExp(`^${marker} (\\d+)$`);
  const talk = startConversation(line.file, line.args, {
    env: line.env,
    statusFd: true,
    signal: stopSignal,
    interrupt: session.stop ?? stopConfined,
    onLine: (stream, text) => {
      if (stream === 'status') releaseLines.push(text);
      else if (stream === 'stderr') stderr += `${text}\n`;
      else if (pending !== undefined) {
        const ended = markerLine.exec(text);
        if (ended) pending.settle(Number(ended[1]));
        else pending.lines.push(text);
      }
    },
  });
  const started = Date.now();
  // What the shell printed when it ended; a request still open then fails with it.
  let over = false;
  const gone = talk.ended.finally(() => {
    over = true;
    pending?.settle(-1);
  });
  gone.catch(() => undefined);

  const ask = (request: string, command: readonly string[]): Promise<string> => new Promise((resolve, reject) => {
    if (pending !== undefined) throw new Error('one request at a time');
    const entry: Pending = {
      command,
      lines: [],
      stderrAt: stderr.length,
      startedAt: Date.now(),
      settle: (exitCode) => {
        pending = undefined;
        // The printf put a line break before the marker: the answer's own last line ends there.
        if (entry.lines.at(-1) === '') entry.lines.pop();
        const stdout = entry.lines.length === 0 ? '' : `${entry.lines.join('\n')}\n`;
        const result = { exitCode, stdout, stderr: stderr.slice(entry.stderrAt), durationMs: Date.now() - entry.startedAt };
        if (exitCode === 0) {
          resolve(stdout);
          return;
        }
        if (exitCode >= 0) {
          reject(aptFailure(session, command, result));
          return;
        }
        // The shell ended before it answered: it could not start, or it was stopped.
        void gone.then(
          (ended) => reject(aptFailure(session, ended.exitCode === 0 ? command : ['sh', ...command], { ...ended, exitCode: ended.exitCode === 0 ? 1 : ended.exitCode })),
          reject,
        );
      },
    };
    pending = entry;
    if (over) entry.settle(-1);
    else talk.say(request);
  });

  return {
    plan: (mode) => ask(`plan ${mode}`, ['apt-get', '--print-uris', mode]),
    policy: (names) => ask(`policy ${names.join(' ')}`, ['apt-cache', 'policy']),
    async releases() {
      talk.close();
      const ended = await gone;
      if (ended.exitCode !== 0) throw aptFailure(session, ['apt-cache', 'policy'], { ...ended, stderr, durationMs: Date.now() - started });
      return releaseLines.length === 0 ? '' : `${releaseLines.join('\n')}\n`;
    },
    async stop() {
      talk.close();
      stopping.abort();
      await gone.catch(() => undefined);
    },
  };
}
