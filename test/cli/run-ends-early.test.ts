// An upgrade whose window goes away in the middle (closed for good, crashed) must not die
// halfway with the chroot's mounts up: it finishes and tears down as usual. One told to stop
// (SIGTERM, the window's cancel, a logout) stops apt and tears down before it ends.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { makeSlowChroot, slowVersion } from '../helpers/slow-chroot.js';
import { programFile } from '../helpers/programs.js';

const tree = useScratchTree('ends-early');
const bin = programFile('ltsp-chroot');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

/** Start an upgrade of `name` and resolve once apt works inside its session. */
async function upgradeUntilInstalling(name: string) {
  const engine = spawn(process.execPath, [bin, 'upgrade', '--json', '--yes', ...common(), name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  for await (const chunk of engine.stdout) {
    seen += String(chunk);
    if (new RegExp(`"type":"step","chroot":"${name}","step":"install","state":"started"`).test(seen)) break;
  }
  return engine;
}

describe('an upgrade that ends early', () => {
  it('goes on to the end when its stdout and stderr are closed, and leaves no mount behind', async () => {
    await makeSlowChroot(tree.base, 'orphan', common(), 3);
    // Once the session is up and apt works inside it, close our ends of both pipes.
    const engine = await upgradeUntilInstalling('orphan');
    engine.stdout.destroy();
    engine.stderr.destroy();
    const [code] = await once(engine, 'exit') as [number | null];
    expect(code).toBe(0);
    expect(await slowVersion('orphan', common())).toBe('2.0');
    expect(await readdir(path.join(tree.state, 'sessions'))).toEqual([]);
  });

  it('stops apt and takes the session down when told to stop', async () => {
    await makeSlowChroot(tree.base, 'stopped', common(), 30);
    const engine = await upgradeUntilInstalling('stopped');
    engine.stdout.resume();
    let said = '';
    engine.stderr.on('data', (chunk) => { said += String(chunk); });
    engine.kill('SIGTERM');
    const [code] = await once(engine, 'exit') as [number | null];
    expect(code, said).not.toBe(0);
    expect(said).not.toMatch(/internal error/);
    // What the engine said is the only clue when a session stays up: show it with the failure.
    expect(await readdir(path.join(tree.state, 'sessions')), said).toEqual([]);
    // Not left half-done for good: the next upgrade finishes the interrupted one.
    const again = await ltspChroot(['upgrade', '--yes', ...common(), 'stopped']);
    expect(again.exitCode, again.stderr).toBe(0);
  }, 240_000);
});
