// An upgrade whose apt and dpkg are killed in the middle of installing: the next upgrade recovers.
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot, startLtspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('interrupt');
let root: string;

beforeAll(async () => {
  root = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'victim'));
});

const args = () => ['upgrade', '--json', '--yes', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'victim'];

/** SIGKILL every process whose root directory is the chroot: apt-get and dpkg, as a power cut would. */
async function killInside(): Promise<number> {
  let killed = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const where = await readlink(`/proc/${pid}/root`).catch(() => '');
    if (where !== root) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

describe('an interrupted upgrade', () => {
  it('leaves dpkg interrupted; the next upgrade finishes it and completes', async () => {
    const run = startLtspChroot(args());
    let killed = 0;
    let buffer = '';
    run.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const event = JSON.parse(line) as { type: string; step?: string; message?: string };
        // Kill once dpkg has started unpacking: packages are then half-installed.
        if (killed === 0 && event.type === 'progress' && event.step === 'install' && /^Unpacking /.test(event.message ?? '')) {
          void killInside().then((count) => {
            killed = count;
          });
        }
      }
    });
    const first = await run;
    expect(killed).toBeGreaterThan(0);
    expect(first.exitCode).toBe(74);
    expect(lastEvent(String(first.stdout))).toMatchObject({ type: 'result', command: 'upgrade' });
    const audit = await execa('chroot', [root, 'dpkg', '--audit'], { reject: false });
    expect(audit.stdout).not.toBe('');

    const second = await ltspChroot(args());
    expect(second.stderr).toBe('');
    expect(second.exitCode).toBe(0);
    const recovered = second.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; step?: string; state?: string });
    expect(recovered.filter((event) => event.type === 'step' && event.step === 'dpkg-recover').map((event) => event.state)).toEqual(['started', 'done']);
    expect((await execa('chroot', [root, 'dpkg', '--audit'])).stdout).toBe('');
    const check = await ltspChroot(['check', '--json', '--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'victim']);
    expect((lastEvent(check.stdout) as { chroots: { pending: number }[] }).chroots[0]?.pending).toBe(0);
  });
});
