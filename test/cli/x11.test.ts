// `exec --x11`: a program inside the chroot reaches the caller's real X display, and nothing is left after.
import { execFile } from 'node:child_process';
import { chmod, copyFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const run = promisify(execFile);
const tree = useScratchTree('x11');
let scratch: string;
let base: string;
let root: string;
let xauthority: string;
let xvfb: ResultPromise | undefined;
let display: string;

beforeAll(async () => {
  ({ root: scratch, base } = tree);
  root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'bookworm'));
  await copyFile(path.join(import.meta.dirname, '../fixtures/x11-hello.pl'), path.join(root, 'usr/local/bin/x11-hello'));
  await chmod(path.join(root, 'usr/local/bin/x11-hello'), 0o755);

  // A real X server that only lets in clients with our cookie.
  const number = 90 + (process.pid % 9);
  display = `:${number}`;
  xauthority = path.join(scratch, 'Xauthority');
  const { stdout: cookie } = await run('mcookie');
  await run('xauth', ['-f', xauthority, 'add', display, 'MIT-MAGIC-COOKIE-1', cookie.trim()]);
  xvfb = execa('Xvfb', [display, '-auth', xauthority, '-nolisten', 'tcp'], { reject: false });
  for (let i = 0; i < 100; i++) {
    if (await stat(`/tmp/.X11-unix/X${number}`).catch(() => undefined)) break;
    await sleep(50);
  }
});

afterAll(async () => {
  xvfb?.kill();
  await xvfb;
});

describe('exec --x11', () => {
  it("lets a client inside connect to the caller's display with the caller's cookie", async () => {
    const result = await ltspChroot(['exec', '--x11', '--base-dir', base, '--state-dir', path.join(scratch, 'state'), 'bookworm', '--', 'x11-hello'], {
      env: { DISPLAY: display, XAUTHORITY: xauthority },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('accepted');
    expect(result.exitCode).toBe(0);
  });

  it('is really needed: without it the client cannot reach the display', async () => {
    const result = await ltspChroot(['exec', '--base-dir', base, '--state-dir', path.join(scratch, 'state'), 'bookworm', '--', 'x11-hello'], {
      env: { DISPLAY: display, XAUTHORITY: xauthority },
    });
    expect(result.exitCode).not.toBe(0);
  });

  it('takes the socket mount and the cookie away afterwards', async () => {
    expect(await mountsUnder(scratch)).toEqual([]);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('says what to do when there is no display', async () => {
    const result = await ltspChroot(['exec', '--x11', '--base-dir', base, '--state-dir', path.join(scratch, 'state'), 'bookworm', '--', 'true'], {
      env: { DISPLAY: '' },
    });
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toMatch(/--x11 needs a display/);
  });
});
