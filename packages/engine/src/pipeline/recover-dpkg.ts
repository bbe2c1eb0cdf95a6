// Brings a chroot whose last dpkg run was cut short (SIGKILL, power, a full disk) back to a consistent
// state before anything is planned, the way apt's frontends do: configure what is unpacked, and when
// that stops at dependency problems, let apt fix what is still broken. `dpkg --configure -a` alone cannot finish a run that unpacked a
// package but not yet the new version of one it depends on; `apt-get -f install` can.
import { readInside, streamInside } from '../apt/apt-in-session.js';
import { EngineError, isEngineError } from '../errors/engine-error.js';
import { listInsideRoot } from '../fs/inside-root.js';
import type { Session } from '../session/session.js';
import { keepLocalConfig } from './install.js';

export interface DpkgRecovery {
  /** What was done, in order, for the step's report. */
  actions: string[];
}

/** True when dpkg's journal (var/lib/dpkg/updates) has entries or `dpkg --audit` reports packages. */
export async function dpkgInterrupted(session: Session): Promise<boolean> {
  // Through the path layer: a link there never lists a host folder.
  if ((listInsideRoot(session.chroot.path, '/var/lib/dpkg/updates')?.length ?? 0) > 0) return true;
  return (await auditProblems(session)) !== '';
}

/** Finish or repair the interrupted run; an EngineError when dpkg is still not clean afterwards. */
export async function recoverDpkg(session: Session, output: (line: string) => void): Promise<DpkgRecovery> {
  const name = session.chroot.name;
  const actions: string[] = [];
  try {
    await streamInside(session, ['dpkg', '--configure', '-a', '--force-confdef', '--force-confold'], { onOutput: output });
    actions.push('configured the unpacked packages');
    // What is still half-installed (killed mid-unpack) is unpacked again by the upgrade that follows;
    // apt-get -f install would only try to configure it, and fail.
    return { actions };
  } catch (error) {
    // Dependency problems: unpacked packages wait for others that were never unpacked. apt fixes that.
    if (!isEngineError(error) || error.code !== 'apt-failed') throw error;
    actions.push(`dpkg --configure -a could not finish (${error.shortMessage})`);
  }
  await streamInside(session, ['apt-get', '-q', '-y', '-f', ...keepLocalConfig, 'install'], { onOutput: output });
  actions.push('apt-get -f install repaired the rest');
  const left = await auditProblems(session);
  if (left !== '') {
    throw new EngineError('apt-failed', `${name}: dpkg could not be repaired: ${left.split('\n')[0]}`, { chroot: name, stderrTail: left.split('\n').slice(0, 8).join('\n') });
  }
  return { actions };
}

// dpkg --audit prints what is half-installed or half-configured (and exits 1 on some versions).
async function auditProblems(session: Session): Promise<string> {
  try {
    return (await readInside(session, ['dpkg', '--audit'])).trim();
  } catch (error) {
    return isEngineError(error) ? error.shortMessage : String(error);
  }
}
