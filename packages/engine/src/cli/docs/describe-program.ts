// The program as plain data, read through commander's own introspection (its Help class), for the
// manual and the completions: what --help shows is exactly what they show.
import type { Command, Option } from 'commander';

export interface OptionDoc {
  /** As commander has them: "-V, --version", "--base-dir <dir>". */
  flags: string;
  long: string | undefined;
  short: string | undefined;
  /** The value's name when the option takes one ("dir"); undefined for a flag. */
  valueName: string | undefined;
  description: string;
}

export interface ArgumentDoc {
  name: string;
  required: boolean;
  variadic: boolean;
  description: string;
}

export interface CommandDoc {
  name: string;
  aliases: string[];
  description: string;
  options: OptionDoc[];
  arguments: ArgumentDoc[];
}

export interface ProgramDoc {
  name: string;
  description: string;
  globalOptions: OptionDoc[];
  commands: CommandDoc[];
}

/** Every visible command, option and argument of `program`, in --help's order. */
export function describeProgram(program: Command): ProgramDoc {
  const help = program.createHelp();
  const option = (opt: Option): OptionDoc => ({
    flags: opt.flags,
    long: opt.long,
    short: opt.short,
    valueName: /[<[]([^>\]]+)[>\]]/.exec(opt.flags)?.[1],
    description: help.optionDescription(opt),
  });
  return {
    name: program.name(),
    description: program.description(),
    globalOptions: help.visibleOptions(program).map(option),
    commands: help.visibleCommands(program).map((command) => ({
      name: command.name(),
      aliases: command.aliases(),
      description: command.description(),
      options: help.visibleOptions(command).map(option),
      arguments: help.visibleArguments(command).map((argument) => ({
        name: argument.name(),
        required: argument.required,
        variadic: argument.variadic,
        description: argument.description,
      })),
    })),
  };
}

/** Whether an argument names chroots, so completion offers their names. */
export function namesChroots(argument: ArgumentDoc): boolean {
  return argument.name === 'name' || argument.name === 'names';
}
