// A session on the server itself: apt runs on `/` as the administrator's own apt would. Nothing
// is confined (this is the host), nothing is swapped in (no policy-rc.d: services restart as they
// normally do) and nothing is mounted, so there is nothing to undo. The system's own dpkg locks
// decide who may change the server: a running apt-get, unattended-upgrades or PackageKit makes it
// busy, named, before apt is even started.
import { mkdtemp, rm } from 'node:fs/promises';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { killAfterGrace } from '../process/run.js';
import { serverEnv } from './inside-env.js';
import { currentHolder, lockServer } from './lock.js';
import { setUpFor, type SessionNeed } from './needs.js';
import type { Session, SessionOptions, SessionTarget } from './session.js';

// What apt and dpkg lock on the server when they change it: the frontend first, then dpkg's own.
const systemLocks = ['/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/lock', '/var/lib/apt/lists/lock', '/var/cache/apt/archives/lock'];

/** Open a session on the server for `first`; refused with `busy` while another program changes its packages. */
export async function openServerSession(server: SessionTarget, options: SessionOptions, first: SessionNeed): Promise<Session> {
  const lock = await lockServer(server.name, options.stateDir);
  const scratch: string[] = [];
  try {
    refuseWhileBusy(server.name, first);
  } catch (error) {
    lock.release();
    throw error;
  }
  let closed = false;
  return {
    chroot: server,
    commandLine(command, env: Record<string, string> = {}) {
      const [file = '', ...args] = command;
      return { file, args, env: serverEnv(options.callerEnv ?? process.env, { interactive: options.interactive ?? false, extra: env }) };
    },
    async scratchDir(label) {
      // A name nobody can guess or have left there (the host's /var/tmp is shared), made 0700.
      const dir = await mkdtemp(`/var/tmp/ltsp-chroot-${label}-`);
      scratch.push(dir);
      return dir;
    },
    async need(need) {
      refuseWhileBusy(server.name, need);
    },
    async close() {
      const done: string[] = [];
      if (!closed) {
        closed = true;
        for (const dir of scratch.splice(0)) {
          await rm(dir, { recursive: true, force: true });
          done.push(`removed ${dir}`);
        }
        lock.release();
      }
      return { done, problems: [] };
    },
    // apt on the server is no container: it gets SIGTERM itself (and passes it to dpkg), then SIGKILL.
    stop(pid, ended) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      killAfterGrace(pid, ended);
    },
  };
}

/** A step that changes packages (or their lists) waits for nobody: it names who holds the system's locks and stops. */
function refuseWhileBusy(name: string, need: SessionNeed): void {
  if (!setUpFor[need].aptWrites) return;
  for (const file of systemLocks) {
    const holder = currentHolder(file);
    if (holder === undefined || holder.pid === process.pid) continue;
    const who = _f('{program} (process {pid})', { program: holder.command ?? _('a program'), pid: holder.pid });
    throw new EngineError('busy', _f('the server is busy: {who} is changing its packages (it holds {file}); wait for it to finish and try again', { who, file }), {
      chroot: name,
      holderPid: holder.pid,
    });
  }
}
