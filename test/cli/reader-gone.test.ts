// The window that started an upgrade goes away in the middle (closed for good, crashed): the
// upgrade must not die halfway with the chroot's mounts up. It finishes and tears down as usual.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { makeSlowChroot, slowVersion } from '../helpers/slow-chroot.js';

const tree = useScratchTree('reader-gone');
const bin = path.resolve(import.meta.dirname, '../../packages/engine/bin/ltsp-chroot.js');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

describe('an upgrade whose reader goes away', () => {
  it('goes on to the end when its stdout and stderr are closed, and leaves no mount behind', async () => {
    await makeSlowChroot(tree.base, 'orphan', common(), 3);
    const engine = spawn(process.execPath, [bin, 'upgrade', '--json', '--yes', ...common(), 'orphan'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Read until the session is up and apt works inside it, then close our ends of both pipes.
    let seen = '';
    for await (const chunk of engine.stdout) {
      seen += String(chunk);
      if (/"type":"step","chroot":"orphan","step":"install","state":"started"/.test(seen)) break;
    }
    engine.stdout.destroy();
    engine.stderr.destroy();
    const [code] = await once(engine, 'exit') as [number | null];
    expect(code).toBe(0);
    expect(await slowVersion('orphan', common())).toBe('2.0');
    expect(await readdir(path.join(tree.state, 'sessions'))).toEqual([]);
  });
});
