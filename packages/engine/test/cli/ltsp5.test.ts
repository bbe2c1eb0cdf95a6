// LTSP5's ltsp-chroot invocations, read into our exec; ours left alone.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chrootLayout } from '../../src/discover/find-chroots.js';
import { readLtsp5 } from '../../src/cli/ltsp5.js';

let base: string;
const commands = ['list', 'exec', 'check', 'refresh', 'upgrade', 'help'];
const context = (arch = 'amd64') => ({ commands, hostArch: async () => arch, isChroot: async (root: string) => (await chrootLayout(root, true)) !== undefined });

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'ltsp5-'));
  await mkdir(path.join(base, 'amd64/proc'), { recursive: true });
});
afterAll(async () => rm(base, { recursive: true, force: true }));

describe('readLtsp5', () => {
  it('turns -b BASE -a ARCH COMMAND into exec on BASE/ARCH', async () => {
    expect(await readLtsp5(['-b', base, '-a', 'i386', 'lsb_release', '-a'], context())).toEqual({ kind: 'ltsp5', argv: ['--base-dir', base, 'exec', 'i386', '--', 'lsb_release', '-a'] });
  });
  it('maps -c, -m and -r, bundled or not, and needs nothing for -p and -d', async () => {
    expect(await readLtsp5(['-b', base, '-mr', '-p', '-d', 'apt-get', 'update'], context())).toEqual({ kind: 'ltsp5', argv: ['--base-dir', base, 'exec', '--mount-package-cache', '--network', 'amd64', '--', 'apt-get', 'update'] });
    expect(await readLtsp5(['--base', base, '--arch=amd64', '--mount-package-cache', 'true'], context())).toEqual({ kind: 'ltsp5', argv: ['--base-dir', base, 'exec', '--mount-package-cache', 'amd64', '--', 'true'] });
  });
  it('keeps our global options and runs a word after LTSP5 options even when it is one of our commands', async () => {
    expect(await readLtsp5(['--state-dir', '/s', '-b', base, 'list'], context())).toEqual({ kind: 'ltsp5', argv: ['--base-dir', base, '--state-dir', '/s', 'exec', 'amd64', '--', 'list'] });
  });
  it('runs a bare word or nothing at all in BASE/ARCH only where that chroot is', async () => {
    expect(await readLtsp5(['--base-dir', base, 'lsb_release'], context())).toEqual({ kind: 'ltsp5', argv: ['--base-dir', base, 'exec', 'amd64', '--', 'lsb_release'] });
    expect(await readLtsp5(['--base-dir', base, 'lsb_release'], context('armhf'))).toEqual({ kind: 'ours' });
    const shell = await readLtsp5(['-b', base], context());
    expect(shell.kind === 'ltsp5' && shell.argv.slice(0, 5)).toEqual(['--base-dir', base, 'exec', 'amd64', '--']);
  });
  it('leaves our own commands and options to commander', async () => {
    for (const argv of [['list'], ['--json', 'check', '--all'], ['--help'], ['-V'], ['--frobnicate'], ['--json']]) expect(await readLtsp5(argv, context())).toEqual({ kind: 'ours' });
  });
  it('refuses an option LTSP5 never had, saying which it had', async () => {
    await expect(readLtsp5(['-b', base, '-x', 'true'], context())).rejects.toMatchObject({ code: 'usage', message: expect.stringMatching(/-x is not an option of ltsp-chroot: LTSP5's options are -a ARCH/) });
    await expect(readLtsp5(['-a'], context())).rejects.toMatchObject({ code: 'usage' });
  });
});
