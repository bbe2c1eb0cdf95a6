// LTSP5's `/usr/sbin/ltsp-chroot [-a ARCH] [-b BASE] [-c] [-d] [-m] [-p] [-r] [COMMAND]` shares our
// name (LTSP5's ltsp-info still calls `ltsp-chroot lsb_release`): its invocations are turned into
// our `exec` on BASE/ARCH, so they keep their meaning. Only parsing here; exec does the work.
import path from 'node:path';
import { defaults } from '../config/options.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

/** What main should parse: our own argv as given, or an LTSP5 invocation turned into `exec`. */
export type Ltsp5Reading =
  | { kind: 'ours' }
  | { kind: 'ltsp5'; argv: string[] };

export interface Ltsp5Context {
  /** Our command names (and aliases): a first word among them is ours, never an LTSP5 command. */
  commands: readonly string[];
  /** LTSP5's default ARCH: the host's Debian architecture. */
  hostArch: () => Promise<string>;
  /** Whether BASE/ARCH is a chroot: a bare word, or nothing at all, is LTSP5's only when it is. */
  isChroot: (root: string) => Promise<boolean>;
}

// Our global options, which may stand among LTSP5's (a state dir for tests, --json for scripts).
const ourValueOptions = new Set(['--base-dir', '--tftp-dir', '--state-dir', '--cache-dir']);
const ourFlags = new Set(['--allow-emulated', '--json']);
// Ours that are never LTSP5's: commander answers them as usual.
const ourOwn = new Set(['--list', '--help', '-h', '--version', '-V']);
// exec's own options, welcome in an LTSP5 form too.
const execFlags = new Set(['--x11', '--network', '--mount-package-cache']);

// LTSP5's flags and what each becomes. Our sessions always give the command its own /proc and a
// /dev, so -p and -d need nothing; -m ("mount all") adds the package cache; -r (the server's
// resolv.conf, for downloads) is our --network, which puts the host's resolv.conf in.
const ltsp5Flags: Record<string, readonly string[]> = {
  c: ['--mount-package-cache'],
  d: [],
  m: ['--mount-package-cache'],
  p: [],
  r: ['--network'],
};
const ltsp5Long: Record<string, string> = {
  '--mount-package-cache': 'c', '--mount-dev': 'd', '--mount-all': 'm', '--mount-proc': 'p', '--copy-resolv-conf': 'r',
};

// Without a command LTSP5 opened a shell in the chroot, as chroot(8) does: bash where there is one.
const interactiveShell = ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash -i; fi; exec /bin/sh -i'];

const ltsp5Usage = "LTSP5's options are -a ARCH, -b BASE, -c, -d, -m, -p and -r";

/** Read `argv` as ours or as LTSP5's; throws a usage error for an LTSP5 form we cannot honour. */
export async function readLtsp5(argv: readonly string[], context: Ltsp5Context): Promise<Ltsp5Reading> {
  const globals: string[] = [];
  const flags = new Set<string>();
  let arch: string | undefined;
  let base: string | undefined;
  let ourBase: string | undefined;
  let explicit = false;
  let command: string[] | undefined;

  const value = (option: string, next: string | undefined): string => {
    if (next === undefined || next === '') throw new EngineError('usage', _f('{option} needs a value: {usage}', { option, usage: ltsp5Usage }));
    return next;
  };

  for (let index = 0; index < argv.length && command === undefined; index += 1) {
    const word = argv[index] as string;
    const [name, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    if (ourOwn.has(name)) return { kind: 'ours' };
    if (ourValueOptions.has(name)) {
      const given = inline ?? argv[++index];
      if (given === undefined) return { kind: 'ours' };
      if (name === '--base-dir') ourBase ??= given;
      else globals.push(name, given);
    } else if (ourFlags.has(name)) {
      globals.push(name);
    } else if (name === '--arch' || name === '--base') {
      explicit = true;
      const given = value(name, inline ?? argv[++index]);
      if (name === '--arch') arch = given;
      else base = given;
    } else if (ltsp5Long[name] !== undefined) {
      explicit = true;
      flags.add(ltsp5Long[name]);
    } else if (execFlags.has(name)) {
      flags.add(name);
    } else if (name === '--') {
      command = argv.slice(index + 1);
    } else if (/^-[a-z]/.test(word) && !word.startsWith('--')) {
      // Short options may be bundled, as getopt allowed: -mr, -ramd64, -m -a amd64.
      explicit = true;
      for (let at = 1; at < word.length; at += 1) {
        const letter = word[at] as string;
        if (letter === 'a' || letter === 'b') {
          const given = value(`-${letter}`, at + 1 < word.length ? word.slice(at + 1) : argv[++index]);
          if (letter === 'a') arch = given;
          else base = given;
          break;
        }
        if (ltsp5Flags[letter] === undefined) throw new EngineError('usage', _f('-{letter} is not an option of ltsp-chroot: {usage}; see ltsp-chroot --help for ours', { letter, usage: ltsp5Usage }));
        flags.add(letter);
      }
    } else if (word.startsWith('-')) {
      // Not an option of either: an LTSP5 form says so itself, ours is left to commander's message.
      if (explicit) throw new EngineError('usage', _f('{word} is not an option of ltsp-chroot: {usage}; see ltsp-chroot --help for ours', { word, usage: ltsp5Usage }));
      return { kind: 'ours' };
    } else {
      // The first word: one of our commands, unless LTSP5's options came first (then it runs in the chroot).
      if (!explicit && context.commands.includes(word)) return { kind: 'ours' };
      command = argv.slice(index);
    }
  }

  // Our options alone (no command): ours to answer; only nothing at all is LTSP5's shell.
  if (!explicit && command === undefined && argv.length > 0) return { kind: 'ours' };
  const chrootBase = base ?? ourBase ?? defaults.legacyBaseDir;
  const chrootArch = arch ?? (await context.hostArch());
  // A bare word, or nothing, is LTSP5's only where LTSP5's chroot is: elsewhere it is a typo of
  // one of our commands (or a call for help), and commander says so.
  if (!explicit && !(await context.isChroot(path.join(chrootBase, chrootArch)))) return { kind: 'ours' };

  const execOptions = [...new Set([...flags].flatMap((flag) => ltsp5Flags[flag] ?? [flag]))];
  const run = command === undefined || command.length === 0 ? interactiveShell : command;
  return { kind: 'ltsp5', argv: ['--base-dir', chrootBase, ...globals, 'exec', ...execOptions, chrootArch, '--', ...run] };
}
