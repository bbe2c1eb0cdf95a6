// Every user error: one line on stderr that says what to do, its own exit code, never a stack trace.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('errors');
let scratch: string;
let base: string;
let state: string;

beforeAll(async () => {
  ({ root: scratch, base, state } = tree);
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'bookworm'));
  // A chroot of no architecture anyone can name: proc/ but neither dpkg status nor a shell.
  await mkdir(path.join(base, 'mystery/proc'), { recursive: true });
  await mkdir(path.join(base, 'mystery/bin'), { recursive: true });
  await writeFile(path.join(base, 'mystery/bin/sh'), '#!/not/elf\n');
  await writeFile(path.join(scratch, 'state-file'), 'not a folder\n');
});

/** The error contract: exactly one line on stderr, prefixed, no stack frames. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ltsp-chroot: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const exec = (name: string, ...more: string[]) => ['exec', '--base-dir', base, '--state-dir', state, name, '--', 'true', ...more];

describe('errors', () => {
  it.each([
    ['an unknown chroot', () => exec('nosuch'), 66, /no chroot named nosuch in .*; "ltsp-chroot list" shows/],
    ['a name with ..', () => exec('..'), 65, /"\.\." is not a chroot name/],
    ['a name with /', () => exec('bookworm/../../etc'), 65, /is not a chroot name/],
    ['no chroots at all', () => ['list', '--base-dir', path.join(scratch, 'no-such-dir')], 67, /no chroots found in .*create one .*or point --base-dir/],
    ['an architecture nobody can run', () => exec('mystery'), 69, /mystery cannot run here: its architecture is unknown/],
    ['a state dir that is a file', () => ['exec', '--base-dir', base, '--state-dir', path.join(scratch, 'state-file'), 'bookworm', '--', 'true'], 64, /the state dir \S+ is not a folder: point --state-dir \(or LTSP_UPDATE_STATE_DIR\) at a folder/],
    ['an unknown command', () => ['upgrayedd'], 64, /unknown command "upgrayedd"/],
    ['an unknown option', () => ['list', '--frobnicate'], 64, /unknown option '--frobnicate'/],
    ['exec without a command', () => ['exec', '--base-dir', base, 'bookworm'], 64, /missing required argument 'command'/],
    ['a count that is not a number', () => ['refresh', '--parallel', 'abc', '--base-dir', base, 'bookworm'], 64, /--parallel takes a whole number of chroots above 0, not "abc"/],
    ['a time limit that is not a number', () => ['check', '--chroot-timeout', '1.5', '--base-dir', base, 'bookworm'], 64, /--chroot-timeout takes a whole number of seconds above 0, not "1\.5"/],
  ])('%s', async (_what, args, exitCode, message) => {
    // The table is built before beforeAll runs: the arguments are made when the test runs.
    const result = await ltspChroot(args());
    expect(result.exitCode).toBe(exitCode);
    expectOneLineError(result.stderr, message as RegExp);
  });

  it('a user who is not root', async () => {
    const result = await ltspChroot(exec('bookworm'), { uid: 65534, gid: 65534 });
    expect(result.exitCode).toBe(77);
    expectOneLineError(result.stderr, /must run as root: try "sudo ltsp-chroot exec …"/);
  });

  it('a missing tool', async () => {
    // node is started by its full path; systemd-nspawn cannot be found on this PATH.
    const result = await ltspChroot(exec('bookworm'), { env: { PATH: '/nonexistent' } });
    expect(result.exitCode).toBe(72);
    expectOneLineError(result.stderr, /systemd-nspawn is not installed, and commands in a chroot run only confined: apt-get install systemd-container/);
    expect(await mountsUnder(base)).toEqual([]);
  });

  it('reports errors as a JSON event too with --json', async () => {
    const result = await ltspChroot(['list', '--json', '--base-dir', path.join(scratch, 'empty')]);
    expect(result.exitCode).toBe(67);
    expect(lastEvent(result.stdout)).toMatchObject({ v: 1, type: 'error', code: 'no-chroots', exitCode: 67 });
  });

  it('documents every exit code in --help', async () => {
    const help = await ltspChroot(['--help']);
    expect(help.exitCode).toBe(0);
    for (const code of [64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84]) expect(help.stdout).toContain(`${code}  `);
  });
});

describe('a status cache that cannot be read', () => {
  it('is set aside with one line that says where, and check writes a new one', async () => {
    const own = path.join(scratch, 'broken-state');
    await mkdir(own, { recursive: true });
    await writeFile(path.join(own, 'status.json'), '\0\0\0 not JSON');
    const result = await ltspChroot(['check', '--base-dir', base, '--state-dir', own, 'bookworm']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^the status cache could not be read; it was kept as ${own}/status\\.json\\.unreadable-\\S+, and a new one is written$`, 'm'));
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse(await readFile(path.join(own, 'status.json'), 'utf8'))).toMatchObject({ v: 1, chroots: [expect.objectContaining({ name: 'bookworm' })] });
  });
});
