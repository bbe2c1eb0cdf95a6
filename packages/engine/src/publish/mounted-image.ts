// A squashfs image mounted read-only for the engine to read, and for nobody else: the loop mount
// lives in a mount namespace of its own, held by a process that dies with the engine, and is read
// through that process's /proc/PID/root. However the engine ends, the mount and the loop device go.
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { spawnBeside } from '../process/run.js';

const holder = [
  // nodev, nosuid, noexec: nothing in the image is ever run or opened as a device.
  'mount -t squashfs -o loop,ro,nodev,nosuid,noexec "$1" "$2" || exit 1',
  'echo "$$"',
  'exec sleep 3600',
].join('\n');

/** Mount `image` at `mountPoint` (in a private namespace) and call `use` with the path it is read at. */
export async function withMountedImage<T>(image: string, mountPoint: string, use: (root: string) => Promise<T>): Promise<T> {
  mkdirSync(mountPoint, { recursive: true, mode: 0o700 });
  const child = spawnBeside('setpriv', ['--pdeathsig', 'KILL', 'unshare', '--mount', '--propagation', 'private', '--fork', '--kill-child', '--', '/bin/sh', '-c', holder, 'ltsp-update-image-check', image, mountPoint]);
  const pid = await new Promise<number | undefined>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(Number(line.trim()) || undefined));
    lines.once('close', () => resolve(undefined));
  });
  if (pid === undefined) {
    const ended = await child;
    const said = String(ended.stderr ?? '').trim().split('\n').at(-1) || _f('exit code {code}', { code: ended.exitCode ?? _('unknown') });
    throw new EngineError('image-refused', _f('the new image does not mount as squashfs ({said})', { said }));
  }
  try {
    return await use(`/proc/${pid}/root${mountPoint}`);
  } finally {
    child.kill('SIGKILL');
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone with its parent.
    }
    await child;
  }
}
