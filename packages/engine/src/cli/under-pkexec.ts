// What an unprivileged caller may ask of ltsp-chroot through pkexec: only what the update windows
// send. pkexec gives root to whoever its polkit action lets in; without this, one password (kept
// for minutes by auth_admin_keep) would also buy `exec NAME -- sh`, or a --state-dir of the
// caller's choosing. Root by other means (sudo, a root shell) is not limited here.
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

interface Allowed {
  /** Options without a value. */
  flags: readonly string[];
  /** Options that take one. */
  valued: readonly string[];
}

// The windows' own command lines (view-model/updates-model.ts), each under its polkit action.
const allowed: Record<string, Allowed> = {
  check: { flags: ['--all', '--server', '--everything', '--json'], valued: [] },
  refresh: { flags: ['--all', '--server', '--everything', '--json'], valued: [] },
  upgrade: { flags: ['--all', '--server', '--everything', '--yes', '--json'], valued: [] },
  'package-manager': { flags: ['--json'], valued: [] },
  'release-upgrade': { flags: ['--server', '--everything', '--yes', '--snapshot', '--json'], valued: ['--to'] },
  // "Roll back" goes to the version before the live one: no --to, so no version of the caller's choosing.
  rollback: { flags: ['--json'], valued: [] },
};

/** True when pkexec started us for somebody else (it sets PKEXEC_UID, which only root can fake). */
export function underPkexec(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['PKEXEC_UID'] !== undefined && process.getuid?.() === 0;
}

/** Refuse, under pkexec, a subcommand or an option the windows never send. */
export function refuseUnderPkexec(argv: readonly string[]): void {
  const [command, ...rest] = argv;
  const rules = command === undefined ? undefined : allowed[command];
  if (rules === undefined) {
    const what = command === undefined ? 'ltsp-chroot' : `ltsp-chroot ${command}`;
    throw new EngineError('not-root', _f('{what} cannot be asked for through pkexec: run it as root (sudo ltsp-chroot …)', { what }));
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('-')) continue;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (inline === undefined && rules.flags.includes(name)) continue;
    // The window's language (main.ts takes only a language's name): pkexec left no LANG.
    if (rules.valued.includes(name) || name === '--language') {
      if (inline === undefined) i++;
      continue;
    }
    throw new EngineError('not-root', _f('{name} is not accepted through pkexec with {command}: run ltsp-chroot as root for that', { name, command }));
  }
}
