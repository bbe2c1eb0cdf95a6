// ltsp-chroot(8): the commands, options and arguments from the program itself, the exit codes
// from the one table --help uses, and the prose from man/ltsp-chroot.json.
import { execExitNote, exitStatusList } from '../exit-status.js';
import type { CommandDoc, OptionDoc, ProgramDoc } from './describe-program.js';
import { renderPage, sourceSections, synopsisWords, type Block, type PageMeta, type PageSource } from './manual-page.js';
import { bold, italic, roffFlags, roffText } from './roff.js';

/** The CLI's manual page in roff. */
export function cliManual(program: ProgramDoc, source: PageSource, meta: PageMeta): string {
  const synopsis = [
    ...program.commands.map((command) => `${bold(program.name)} ${synopsisWords('[GLOBAL OPTIONS]')} ${bold(command.name)} ${commandUsage(command)}`),
    ...(source.synopsis ?? []).map((line) => `${bold(program.name)} ${synopsisWords(line)}`),
  ].join('\n.br\n');
  const exitEntries = exitStatusList().map(({ code, meaning }) => ({ tag: bold(String(code)), text: meaning }));
  const middle = [
    { title: 'GLOBAL OPTIONS', blocks: [optionEntries(program.globalOptions)] },
    { title: 'COMMANDS', blocks: program.commands.map(commandBlock) },
    { title: 'EXIT STATUS', blocks: [{ entries: exitEntries }, { roff: `.PP\n${roffText(execExitNote)}` }] as Block[] },
  ];
  const sections = sourceSections({ ...source, synopsis: undefined, exitStatus: undefined }, middle);
  return renderPage(source, meta, [{ title: 'SYNOPSIS', blocks: [{ roff: synopsis }] }, ...sections]);
}

/** "[OPTIONS] NAME -- COMMAND..." as the synopsis says it. */
function commandUsage(command: CommandDoc): string {
  const words = [...(command.options.length > 1 ? ['[OPTIONS]'] : [])];
  for (const argument of command.arguments) {
    const word = `${argument.name.toUpperCase()}${argument.variadic ? '...' : ''}`;
    if (argument.name === 'command') words.push('--');
    words.push(argument.required ? word : `[${word}]`);
  }
  return synopsisWords(words.join(' '));
}

function commandBlock(command: CommandDoc): Block {
  const lines = [`.SS ${roffText(command.name)}`, `${bold(command.name)} ${commandUsage(command)}`, '.PP', roffText(`${command.description[0]?.toUpperCase() ?? ''}${command.description.slice(1)}.`)];
  if (command.aliases.length > 0) lines.push('.PP', `${roffText('Also called')} ${command.aliases.map(bold).join(', ')}.`);
  for (const argument of command.arguments) lines.push('.TP', italic(`${argument.name.toUpperCase()}${argument.variadic ? '...' : ''}`), roffText(argument.description));
  for (const option of command.options) lines.push('.TP', roffFlags(option.flags), roffText(option.description));
  return { roff: lines.join('\n') };
}

function optionEntries(options: readonly OptionDoc[]): Block {
  return { roff: options.map((option) => ['.TP', roffFlags(option.flags), roffText(option.description)].join('\n')).join('\n') };
}
