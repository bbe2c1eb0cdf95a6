// The manuals, the completions, --version, JSON usage errors and LTSP5's invocations, through the real built CLI.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { ltspChroot } from '../helpers/cli.js';
import { installedPrograms, programFile } from '../helpers/programs.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

// The packages' manuals and completion where they install them (the suite's mode), else the engine build's.
const engine = path.resolve(import.meta.dirname, '../../packages/engine');
const bin = programFile('ltsp-chroot');
const pages = ['ltsp-chroot.8', 'ltsp-update-notifier.1', 'ltsp-update-gnome.1', 'ltsp-update-kde.1']
  .map((page) => (installedPrograms ? `/usr/share/man/man${page.slice(-1)}/${page}.gz` : path.join(engine, 'dist/man', page)));
const bashFile = installedPrograms ? '/usr/share/bash-completion/completions/ltsp-chroot' : path.join(engine, 'dist/completion/ltsp-chroot.bash');
const zshFile = installedPrograms ? '/usr/share/zsh/vendor-completions/_ltsp-chroot' : path.join(engine, 'dist/completion/_ltsp-chroot');
/** A manual's roff source, gzipped as installed or not. */
const manualText = async (page: string) => (page.endsWith('.gz') ? gunzipSync(await readFile(page)) : await readFile(page)).toString('utf8');
const tree = useScratchTree('manuals');

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.legacy, 'amd64'));
});

/** COMPREPLY of the generated bash completion for the words given (the last one is completed). */
async function complete(words: string[]): Promise<string[]> {
  const script = `source ${bashFile}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ltsp_chroot; echo "\${COMPREPLY[@]}"`;
  const { stdout } = await execa('bash', ['-c', script]);
  return stdout.trim().split(/\s+/).filter(Boolean);
}

/** Every command and option --help shows, from each command's own --help. */
async function helpWords(): Promise<string[]> {
  const top = (await ltspChroot(['--help'])).stdout;
  const commands = [...top.matchAll(/^ {2}([a-z][a-z-]+)(?= )/gm)].map((match) => match[1] as string).filter((name) => name !== 'help');
  const words = [...commands, ...top.matchAll(/--[a-z][a-z-]+/g)].map((word) => String(word));
  for (const command of commands) words.push(...[...(await ltspChroot([command, '--help'])).stdout.matchAll(/(?<=\s)--[a-z][a-z-]+/g)].map(String));
  return [...new Set(words)];
}

describe('manuals and completion', () => {
  it('renders every page without a warning', async () => {
    for (const page of pages) {
      const result = await execa('man', ['--warnings', '-l', page], { env: { MANWIDTH: '80' }, reject: false });
      expect(result.exitCode, page).toBe(0);
      expect(result.stderr, page).toBe('');
    }
  });

  it('names every command and option of --help in ltsp-chroot.8 and in the bash completion', async () => {
    const manual = (await manualText(pages[0] as string)).replace(/\\-/g, '-');
    const bash = await readFile(bashFile, 'utf8');
    const words = await helpWords();
    expect(words).toEqual(expect.arrayContaining(['exec', 'release-upgrade', '--base-dir', '--chroot-timeout', '--no-image']));
    for (const word of words) {
      expect(manual, word).toContain(word);
      expect(bash, word).toContain(word);
    }
    for (const code of [0, 1, 64, 66, 75, 86]) expect(manual).toMatch(new RegExp(`^\\\\fB${code}\\\\fR$`, 'm'));
    for (const file of ['/etc/ltsp/ltsp.conf', '/srv/ltsp', '/opt/ltsp', '/srv/tftp/ltsp', '/var/lib/ltsp-update', '/var/cache/ltsp-update', '/etc/default/ltsp-update']) expect(manual).toContain(file);
    expect(manual).toMatch(/\\fBltsp\\fR\(8\)/);
  });

  it('completes a command, an option and a chroot name for real', async () => {
    expect(await complete(['ltsp-chroot', 'che'])).toEqual(['check']);
    expect(await complete(['ltsp-chroot', 'upgrade', '--no-k'])).toEqual(['--no-kernel']);
    expect(await complete([bin, '--base-dir', tree.legacy, 'exec', ''])).toEqual(['amd64']);
    expect(await complete([bin, '-b', tree.legacy, '-a', 'am'])).toEqual(['amd64']);
  });

  it('loads the zsh completion into a real zsh completion system', async () => {
    // A zsh completion is driven only from a line editor; that it parses and compinit takes it is checked here.
    await execa('zsh', ['-n', zshFile]);
    const script = `fpath=(${path.dirname(zshFile)} $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[ltsp-chroot]`;
    expect((await execa('zsh', ['-f', '-c', script])).stdout.trim()).toBe('_ltsp-chroot');
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(await readFile(path.join(engine, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await ltspChroot([flag])).toMatchObject({ exitCode: 0, stdout: `ltsp-chroot ${version}` });
  });

  it('gives a usage error as one JSON error line with --json', async () => {
    const result = await ltspChroot(['list', '--json', '--frobnicate']);
    expect(result.exitCode).toBe(64);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({ v: 1, type: 'error', code: 'usage', message: "unknown option '--frobnicate'", exitCode: 64 });
  });

  it("runs LTSP5's ltsp-chroot -b BASE -a ARCH COMMAND inside the chroot", async () => {
    const expected = (await readFile(path.join(tree.legacy, 'amd64/etc/debian_version'), 'utf8')).trim();
    const result = await ltspChroot(['--state-dir', tree.state, '-b', tree.legacy, '-a', 'amd64', 'cat', '/etc/debian_version'], { stdin: 'ignore' });
    expect(result).toMatchObject({ exitCode: 0, stdout: expected });
    const refused = await ltspChroot(['-b', tree.legacy, '-x', 'true']);
    expect(refused.exitCode).toBe(64);
    expect(refused.stderr).toMatch(/^ltsp-chroot: -x is not an option of ltsp-chroot: LTSP5's options are -a ARCH/);
  });
});
