// What an operation acts on: the server (--server), the chroots named, or --all of them, or
// --everything (the server and every chroot); the chroots that cannot run are set apart with their reason.
import type { NormalizedOptions } from '../config/options.js';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { noChroots } from '../discover/find-by-name.js';
import { describeNamed, listChroots, type DescribedChroot } from '../discover/list-chroots.js';
import { describeServer } from '../discover/server.js';

/** What the command line chose: chroot names, --all, and --server (--everything is both flags). */
export interface Selection {
  names: readonly string[];
  all: boolean;
  server: boolean;
}

export interface Targets {
  /** The server first, when chosen: its updates come before the chroots'. */
  runnable: DescribedChroot[];
  /** --all only: chroots that cannot run here (or only emulated, without --allow-emulated), never touched. */
  unrunnable: { chroot: DescribedChroot; reason: string }[];
}

/** Resolve --server, NAME… or --all against the chroots found. A named chroot that cannot run is an error. */
export async function selectTargets(options: NormalizedOptions, { names, all, server }: Selection): Promise<Targets> {
  if (names.length === 0 && !all && !server) throw new EngineError('usage', _('name the chroots to act on, or give --all, --server or --everything'));
  if (names.length > 0 && all) throw new EngineError('usage', _('give chroot names or --all, not both'));
  const targets: Targets = { runnable: server ? [await describeServer()] : [], unrunnable: [] };
  if (names.length === 0 && !all) return targets;
  let chosen: DescribedChroot[];
  if (all) {
    chosen = (await listChroots(options)).described;
    // The server with every chroot on a server that has none yet: the server alone.
    if (chosen.length === 0 && !server) throw noChroots(options.baseDirs);
  } else {
    chosen = await describeNamed(options, [...new Set(names)]);
  }
  for (const chroot of chosen) {
    const refusal = chroot.verdict === 'unsupported'
      ? chroot.verdictReason
      : chroot.verdict === 'emulated' && !options.allowEmulated
        ? `${chroot.verdictReason}; add --allow-emulated to act on it`
        : undefined;
    if (refusal === undefined) targets.runnable.push(chroot);
    else if (all) targets.unrunnable.push({ chroot, reason: refusal });
    else if (chroot.verdict === 'unsupported') throw new EngineError('unsupported-arch', _f('{chroot} cannot run here: {refusal}', { chroot: chroot.name, refusal }), { chroot: chroot.name });
    else throw new EngineError('emulation-not-allowed', _f('{chroot} ({arch}) would run under emulation; add --allow-emulated to do so', { chroot: chroot.name, arch: chroot.arch }), { chroot: chroot.name });
  }
  return targets;
}
