// The `ltsp-chroot` command line: parses arguments, calls the engine, renders the result. No work happens here.
import path from 'node:path';
import { CommanderError } from 'commander';
import { hostArch } from '../arch/host-arch.js';
import { chrootLayout } from '../discover/find-chroots.js';
import { exitCodes } from '../errors/exit-codes.js';
import { emit, reportError } from './output.js';
import type { GlobalFlags } from './global-options.js';
import { readLtsp5 } from './ltsp5.js';
import { buildProgram } from './program.js';
import { refuseUnderPkexec, underPkexec } from './under-pkexec.js';
import { EngineError } from '../errors/engine-error.js';
import { _f, isLanguageName, useLanguage } from '../text/i18n.js';

/**
 * A window that started us can go away in the middle of a run (closed for good, crashed): its
 * end of our stdout and stderr is then gone, and the next write fails with EPIPE. That must not
 * kill the run halfway with the chroot's mounts still up: the run goes on to its end and takes
 * its session down as usual; what it would have printed is dropped.
 */
function keepGoingWithoutReader(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}

/** Parse `argv` and run the command; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  keepGoingWithoutReader();
  let json = argv.includes('--json');
  let outcome: Promise<number> | undefined;
  const program = buildProgram((started) => {
    outcome = started;
  });
  program.configureOutput({ outputError: (text, write) => write(`ltsp-chroot: ${oneLine(text)}\n`) });

  try {
    await chooseLanguage(argv);
    if (underPkexec()) refuseUnderPkexec(argv);
    const commands = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
    const reading = await readLtsp5(argv, {
      commands: [...commands, 'help'],
      hostArch,
      isChroot: async (root) => (await chrootLayout(root, path.dirname(root) === '/opt/ltsp')) !== undefined,
    });
    await program.parseAsync(reading.kind === 'ltsp5' ? reading.argv : argv, { from: 'user' });
    json = Boolean(program.opts<GlobalFlags>().json) || json;
    return await (outcome ?? Promise.resolve(exitCodes.ok));
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitCodes.ok;
      // commander has printed its one line; a script reading --json gets the same as an error event.
      if (json) emit({ type: 'error', code: 'usage', message: oneLine(error.message), exitCode: exitCodes.usage });
      return exitCodes.usage;
    }
    return reportError(error, json);
  }
}

/** --language LL (or --language=LL), before anything is said: it is the language to say it in. */
async function chooseLanguage(argv: readonly string[]): Promise<void> {
  const at = argv.findIndex((arg) => arg === '--language' || arg.startsWith('--language='));
  if (at < 0 || argv.slice(0, at).includes('--')) return;
  const value = (argv[at] as string).startsWith('--language=') ? (argv[at] as string).slice('--language='.length) : argv[at + 1];
  if (value === undefined || !isLanguageName(value)) throw new EngineError('usage', _f('--language takes a language name such as el or ca_ES, not "{value}"', { value: value ?? '' }));
  await useLanguage(value);
}

/** commander's message as our one line: no "error: " of its own, a suggestion on the same line. */
function oneLine(text: string): string {
  return text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ');
}
