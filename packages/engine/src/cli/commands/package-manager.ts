// `ltsp-chroot package-manager NAME`: the chroot's own Synaptic (or the graphical package manager
// it has) on the caller's display, in a session like `exec --x11 --network`: confined, daemons
// kept from starting, everything taken down when the program is closed. It is the one command the
// windows' "Open in Synaptic…" asks of pkexec, under a polkit action of its own.
import { describeOne } from '../../discover/list-chroots.js';
import { installPackageManagerHint, packageManagerOf } from '../../discover/package-manager.js';
import { EngineError } from '../../errors/engine-error.js';
import { _f } from '../../text/i18n.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { emit } from '../output.js';
import { execCommand } from './exec.js';

/** Run `package-manager`; returns the program's exit code. */
export async function packageManagerCommand(name: string, flags: GlobalFlags): Promise<number> {
  requireRoot('package-manager');
  const options = await engineOptions(flags);
  const chroot = await describeOne(options, name);
  if (chroot.verdict === 'unsupported') throw new EngineError('unsupported-arch', _f('{name} cannot run here: {verdictReason}', { name, verdictReason: chroot.verdictReason }), { chroot: name });
  const manager = packageManagerOf(chroot.path);
  if (manager === null) throw new EngineError('missing-tool', installPackageManagerHint(name), { chroot: name });
  const exitCode = await execCommand(name, [manager.command], { ...flags, x11: true, network: true });
  if (flags.json) emit({ type: 'result', command: 'package-manager', chroot: name, exitCode, signal: null });
  return exitCode;
}
