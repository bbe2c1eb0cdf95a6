// apt-get installing inside a session, its Status-Fd progress turned into events.
import { streamInside } from '../apt/apt-in-session.js';
import { parseStatusLine } from '../apt/status-fd.js';
import type { Session } from '../session/session.js';
import type { Emit } from './emit.js';

// Keep the administrator's changed configuration files, take the maintainer's for untouched ones.
export const keepLocalConfig = ['-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold'];

/** `apt-get -y ARGS…` with local configuration kept, reporting download and per-package progress. */
export async function installWithProgress(session: Session, args: readonly string[], emit: Emit, output: (line: string) => void): Promise<void> {
  const chroot = session.chroot.name;
  await streamInside(session, ['apt-get', '-q', '-y', ...keepLocalConfig, ...args], {
    onOutput: output,
    onStatus: (line) => {
      const progress = parseStatusLine(line);
      if (progress?.kind === 'download') emit({ type: 'progress', chroot, step: 'install', percent: progress.percent, message: progress.message });
      if (progress?.kind === 'install') emit({ type: 'progress', chroot, step: 'install', percent: progress.percent, message: progress.message, package: progress.package });
    },
  });
}
