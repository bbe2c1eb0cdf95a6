// What each exit code means, once: --help's list and the manual's EXIT STATUS are both made from it.
import { exitCodes } from '../errors/exit-codes.js';

/** Every exit code of the CLI with its meaning; a code added to exitCodes without one fails the typecheck. */
export const exitCodeMeanings: Record<keyof typeof exitCodes, string> = {
  ok: 'success',
  partial: 'some of several chroots failed (one chroot alone gives its own code), or cleanup could not undo everything',
  usage: 'usage error (unknown command or option, missing argument)',
  badName: 'bad chroot name (contains / or ..)',
  notFound: 'no chroot of that name',
  noChroots: 'no chroots found',
  emulationNotAllowed: 'the chroot runs only under emulation: add --allow-emulated',
  unsupportedArch: "the chroot's architecture cannot run on this host",
  internal: 'internal error (a bug: please report it)',
  mountFailed: 'a mount failed',
  missingTool: 'a needed tool is missing (the message names the Debian package)',
  unsafe: 'unsafe chroot (a symlinked mount point or folder)',
  aptFailed: 'apt or dpkg failed',
  busy: 'busy: another operation holds the chroot',
  ltspFailed: 'ltsp kernel or ltsp image failed',
  notRoot: 'not root',
  cancelled: 'cancelled at the prompt: nothing was changed',
  badRelease: 'no such newer release to move to',
  notReady: 'dpkg not clean, broken packages, or a release upgrade not finished',
  noSpace: 'not enough free space',
  timedOut: 'a chroot took longer than its time limit (--chroot-timeout)',
  networkFailed: 'the network failed (no mirror could be reached)',
  helperFailed: 'a system tool failed (cp, mount...)',
  imageRefused: 'a new image failed its boot check (the live one is untouched)',
  noVersion: 'no such image version (nothing to roll back to)',
};

/** The exit codes in numeric order, each with its meaning. */
export function exitStatusList(): { code: number; meaning: string }[] {
  return (Object.keys(exitCodes) as (keyof typeof exitCodes)[])
    .map((key) => ({ code: exitCodes[key], meaning: exitCodeMeanings[key] }))
    .sort((a, b) => a.code - b.code);
}

/** What exec returns besides: the manual and --help both say it. */
export const execExitNote = "exec returns the command's own exit code once the command has started.";

/** The "Exit codes:" block of --help. */
export function exitCodeHelp(): string {
  const lines = exitStatusList().map(({ code, meaning }) => `  ${String(code).padEnd(3)} ${meaning}`);
  return `\nExit codes:\n${lines.join('\n')}\n${execExitNote}`;
}
