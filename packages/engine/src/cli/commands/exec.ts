// `ltsp-chroot exec NAME -- CMD…`: run a command inside a chroot in a safe session.
import { constants } from 'node:os';
import { describeOne } from '../../discover/list-chroots.js';
import { EngineError } from '../../errors/engine-error.js';
import { _, _f } from '../../text/i18n.js';
import { spawnAttached } from '../../process/run.js';
import { passSignal } from '../../session/confine.js';
import { openSession } from '../../session/session.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { writeErr } from '../output.js';
import { underPkexec } from '../under-pkexec.js';

export interface ExecFlags extends GlobalFlags {
  x11?: boolean;
  network?: boolean;
  mountPackageCache?: boolean;
}

const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Run `exec`; returns the command's own exit code (128 + signal number when a signal ended it). */
export async function execCommand(name: string, command: string[], flags: ExecFlags): Promise<number> {
  requireRoot('exec');
  if (command.length === 0) throw new EngineError('usage', _('exec needs a command: ltsp-chroot exec NAME -- CMD [ARG…]'));
  const options = await engineOptions(flags);
  const chroot = await describeOne(options, name);
  const x11 = flags.x11 ? x11Display() : undefined;

  // Until the session is closed a signal must not kill us: it is passed to the command,
  // and we go on to take every mount down before exiting.
  let received: NodeJS.Signals | undefined;
  let child: ReturnType<typeof spawnAttached> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received ??= signal;
    if (child?.pid !== undefined) passSignal(child.pid, signal);
  };
  for (const signal of forwarded) process.on(signal, onSignal);
  try {
    const session = await openSession(chroot, {
      stateDir: options.stateDir,
      cacheDir: options.cacheDir,
      allowEmulated: options.allowEmulated,
      mountPackageCache: flags.mountPackageCache ?? false,
      network: flags.network ?? false,
      interactive: Boolean(process.stdin.isTTY) || x11 !== undefined,
      ...(x11 === undefined ? {} : { x11 }),
    });
    let exitCode: number;
    try {
      if (received !== undefined) return 128 + constants.signals[received];
      const line = session.commandLine(command);
      child = spawnAttached(line.file, line.args, line.env);
      const result = await child;
      // nspawn ends the container on a signal and exits 0 itself: the signal we passed on is the answer.
      exitCode = received !== undefined ? 128 + constants.signals[received] : result.exitCode ?? (result.signal ? 128 + constants.signals[result.signal] : 1);
    } finally {
      const report = await session.close();
      for (const problem of report.problems) writeErr(`ltsp-chroot: ${_f('{problem}; run "ltsp-chroot cleanup" to retry', { problem })}\n`);
    }
    return exitCode;
  } finally {
    for (const signal of forwarded) process.off(signal, onSignal);
  }
}

function x11Display(): { display: string; xauthority: string | undefined; callerUid?: number } {
  const display = process.env['DISPLAY'];
  if (!display) throw new EngineError('usage', _('--x11 needs a display: run it from a graphical session (DISPLAY is not set)'));
  const home = process.env['HOME'];
  const xauthority = process.env['XAUTHORITY'] ?? (home ? `${home}/.Xauthority` : undefined);
  // Under pkexec (its action keeps DISPLAY and XAUTHORITY) the cookie must be the caller's own file.
  return underPkexec() ? { display, xauthority, callerUid: Number(process.env['PKEXEC_UID']) } : { display, xauthority };
}
