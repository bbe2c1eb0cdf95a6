// The `ltsp-chroot` command line, defined once: main parses with it, and the build walks it to
// write the manual page and the shell completions, so neither can drift from --help.
import { Command, Option } from 'commander';
import { defaults } from '../config/options.js';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { exitCodes } from '../errors/exit-codes.js';
import type { ExecFlags } from './commands/exec.js';
import { exitCodeHelp } from './exit-status.js';
import type { GlobalFlags } from './global-options.js';
import { engineVersion } from './version.js';

/**
 * The program with every command, option and argument. A command's action hands its outcome (the
 * exit code to come) to `run`; the manual generator passes one that is never called.
 */
export function buildProgram(run: (outcome: Promise<number>) => void): Command {
  const program = new Command('ltsp-chroot')
    .description('List, check, update and upgrade LTSP client chroots, and run commands inside them safely.')
    .addOption(new Option('--base-dir <dir>', 'look for chroots in DIR (repeatable; default: BASE_DIR of ltsp.conf, else /srv/ltsp and /opt/ltsp)').argParser(collect))
    .option('--tftp-dir <dir>', 'TFTP dir that LTSP copies kernels to (default: TFTP_DIR of ltsp.conf, else /srv/tftp)')
    .option('--state-dir <dir>', 'where journals and the status cache live (LTSP_UPDATE_STATE_DIR)', process.env['LTSP_UPDATE_STATE_DIR'] || defaults.stateDir)
    .option('--cache-dir <dir>', 'host package caches shared by chroots of one release and architecture', '/var/cache/ltsp-update')
    .option('--allow-emulated', 'also act on chroots that run only under qemu emulation')
    .option('--list', 'the same as "ltsp-chroot list"')
    .option('--json', 'print JSON lines (events, then the result)')
    .option('--language <ll>', 'the language of messages (el, ca_ES…), instead of the environment\'s; the windows pass theirs, as pkexec clears the environment')
    .version(`ltsp-chroot ${engineVersion}`, '-V, --version', 'print "ltsp-chroot VERSION" and exit')
    .addHelpText('after', exitCodeHelp())
    .showSuggestionAfterError()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`ltsp-chroot: ${text.replace(/^error: /, '').trim()}\n`) });

  const globals = (command: Command): GlobalFlags => command.optsWithGlobals<GlobalFlags>();

  program.command('list')
    .description('list every chroot with its release, architecture, host verdict, kernel and image')
    .option('--server', 'the server itself too, first')
    .option('--json', 'print the result as JSON')
    // For shell completion: the names only, found without describing (or running) anything in a chroot.
    .addOption(new Option('--names', 'print the chroot names only, one a line').hideHelp())
    .action((_options, command: Command) => {
      run(import('./commands/list.js').then(({ listCommand }) => listCommand(globals(command))));
    });

  program.command('exec')
    .description('run a command confined in a chroot (its own /proc, /sys and /dev, no network unless asked), daemons kept from starting')
    .argument('<name>', 'the chroot, as "list" names it')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('--x11', 'let a graphical program reach your display')
    .option('--network', "share the host's network with the command (apt-get update, downloads)")
    .option('--mount-package-cache', 'share a host package cache with chroots of the same release and architecture')
    .action((name: string, command: string[], _options, cmd: Command) => {
      run(import('./commands/exec.js').then(({ execCommand }) => execCommand(name, command, globals(cmd) as ExecFlags)));
    });

  const targetCommand = (name: 'check' | 'refresh', description: string) => program.command(name)
    .description(description)
    .argument('[names...]', 'the chroots, as "list" names them')
    .option('--all', 'every chroot (those that cannot run here are reported, not touched)')
    .option('--server', 'the server itself (apt on /, as usual)')
    .option('--everything', 'the server and every chroot')
    .option('--json', 'print JSON lines (events, then the result)')
    .option('--chroot-timeout <seconds>', 'stop a chroot that takes longer, and go on with the others (default: 1800)');

  targetCommand('check', 'count pending updates and security updates from the current package lists; writes the status cache')
    .option('--fresh', 'plan every chroot anew, even one where nothing apt reads changed since its last check')
    .action((names: string[], _options, command: Command) => {
      run(import('./commands/check.js').then(({ checkCommand }) => checkCommand('check', names, globals(command))));
    });

  targetCommand('refresh', 'apt-get update and download the updates (the periodic job); writes the status cache')
    .option('--no-download', 'update the package lists only')
    .option('--parallel <n>', 'chroots to refresh at once (default: one per core)')
    .action((names: string[], _options, command: Command) => {
      run(import('./commands/check.js').then(({ checkCommand }) => checkCommand('refresh', names, globals(command))));
    });

  program.command('upgrade')
    .description('install the pending updates, then refresh the LTSP kernels and image only when needed')
    .argument('[names...]', 'the chroots, as "list" names them')
    .option('--all', 'every chroot (those that cannot run here are reported, not touched)')
    .option('--server', 'the server itself first (apt on /, services restart as usual)')
    .option('--everything', 'the server, then every chroot')
    .option('--yes', 'do not ask before installing')
    .option('--no-kernel', 'skip the kernel step')
    .option('--no-image', 'skip the image step')
    .option('--json', 'print JSON lines (events, then the result)')
    .action((names: string[], _options, command: Command) => {
      run(import('./commands/upgrade.js').then(({ upgradeCommand }) => upgradeCommand(names, globals(command))));
    });

  program.command('package-manager')
    .description("open the chroot's own Synaptic on your display, confined; closing it takes the session down")
    .argument('<name>', 'the chroot, as "list" names it')
    .option('--json', 'print the result as JSON when it is closed')
    .action((name: string, _options, command: Command) => {
      run(import('./commands/package-manager.js').then(({ packageManagerCommand }) => packageManagerCommand(name, globals(command))));
    });

  program.command('release-upgrade')
    .description('move chroots, or the server and its chroots together, to the next release (or --to CODENAME), safely')
    .argument('[names...]', 'the chroots, as "list" names them')
    .option('--server', "the server itself first; the chroots named follow it to the server's new release")
    .option('--everything', "the server, then every chroot of the server's release")
    .option('--to <codename>', 'the release to move to (default: the next one published)')
    .option('--snapshot', 'copy each chroot aside first, and swap it back if its upgrade fails')
    .option('--with-backports', 'keep -backports entries (moved to the new release)')
    .option('--yes', 'do not ask before upgrading')
    .option('--no-kernel', 'skip the kernel step')
    .option('--no-image', 'skip the image step')
    .option('--json', 'print JSON lines (events, then the result)')
    .action((names: string[], _options, command: Command) => {
      run(import('./commands/release-upgrade.js').then(({ releaseUpgradeCommand }) => releaseUpgradeCommand(names, globals(command))));
    });

  program.command('status')
    .description('print the cached status (no apt runs)')
    .option('--server', "only the server's own status")
    .option('--json', 'print the result as JSON')
    .action((_options, command: Command) => {
      run(import('./commands/status.js').then(({ statusCommand }) => statusCommand(globals(command))));
    });

  program.command('publish')
    .description("build the chroot's image with ltsp image as a new version, check that it boots, then switch clients to it")
    .argument('<name>', 'the chroot, as "list" names it')
    .option('--json', 'print JSON lines (events, then the result)')
    .action((name: string, _options, command: Command) => {
      run(import('./commands/publish.js').then(({ publishCommand }) => publishCommand(name, globals(command))));
    });

  program.command('images')
    .description('list the image versions kept of each chroot: which is live, size, date, kernel, what changed')
    .argument('[names...]', 'the chroots, as "list" names them (default: all)')
    .option('--json', 'print the result as JSON')
    .action((names: string[], _options, command: Command) => {
      run(import('./commands/images.js').then(({ imagesCommand }) => imagesCommand(names, globals(command))));
    });

  program.command('rollback')
    .description('switch the live image, kernel and initrd back to the version before (or --to VERSION)')
    .argument('<name>', 'the chroot, as "list" names it')
    .option('--to <version>', 'the version to switch to, as "images" lists it')
    .option('--json', 'print JSON lines (events, then the result)')
    .action((name: string, _options, command: Command) => {
      run(import('./commands/rollback.js').then(({ rollbackCommand }) => rollbackCommand(name, globals(command) as GlobalFlags & { to?: string })));
    });

  program.command('cleanup')
    .description('undo what a killed run left behind (mounts, swapped files, a half-built or half-switched image)')
    .option('--json', 'print the result as JSON')
    .action((_options, command: Command) => {
      run(import('./commands/cleanup.js').then(({ cleanupCommand }) => cleanupCommand(globals(command))));
    });

  program.action((_options, command: Command) => {
    const [unknown] = command.args;
    if (unknown !== undefined) {
      throw new EngineError('usage', _f('unknown command "{unknown}": see ltsp-chroot --help', { unknown }));
    }
    const flags = program.opts<GlobalFlags & { list?: boolean }>();
    if (!flags.list) {
      // A script that asked for JSON is told why nothing ran; a person gets the help.
      if (flags.json) throw new EngineError('usage', _('no command given: see ltsp-chroot --help'));
      program.outputHelp();
      run(Promise.resolve(exitCodes.usage));
      return;
    }
    run(import('./commands/list.js').then(({ listCommand }) => listCommand(flags)));
  });
  return program;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
