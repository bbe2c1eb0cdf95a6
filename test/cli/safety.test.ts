// A chroot whose mount points lead outside it is refused before anything is mounted on the host.
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('safety');
let scratch: string;
let base: string;
let hostDir: string;

beforeAll(async () => {
  ({ root: scratch, base } = tree);
  // Stands in for the host directory a hostile or broken chroot points at.
  hostDir = path.join(scratch, 'host');
  await mkdir(path.join(hostDir, 'keep'), { recursive: true });
  await writeFile(path.join(hostDir, 'keep/file'), 'host data\n');
});

afterEach(async () => {
  expect(await mountsUnder(hostDir)).toEqual([]);
});

async function chrootWithSymlink(name: string, inner: string, target: string): Promise<string> {
  const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, name));
  await rm(path.join(root, inner), { recursive: true, force: true });
  await symlink(target, path.join(root, inner));
  return root;
}

describe('exec refuses unsafe mount points', () => {
  for (const inner of ['proc', 'dev']) {
    it(`refuses a chroot whose ${inner} is a symlink to a host directory`, async () => {
      await chrootWithSymlink(`bad-${inner}`, inner, hostDir);
      const result = await ltspChroot(['exec', '--base-dir', base, '--state-dir', path.join(scratch, 'state'), `bad-${inner}`, '--', 'true']);
      expect(result.exitCode).toBe(73);
      expect(result.stderr).toMatch(new RegExp(`^ltsp-chroot: refusing to mount .* in bad-${inner}: .*/${inner} is a symlink`));
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      // Nothing was mounted over the host directory, and it is as it was.
      expect(await readdir(hostDir)).toEqual(['keep']);
    });
  }

  it('refuses a mount point that resolves outside the chroot through a relative symlink', async () => {
    await chrootWithSymlink('bad-sys', 'sys', '../../../host');
    const result = await ltspChroot(['exec', '--base-dir', base, '--state-dir', path.join(scratch, 'state'), 'bad-sys', '--', 'true']);
    expect(result.exitCode).toBe(73);
    expect(result.stderr).toMatch(/sys is a symlink/);
  });

  it('refuses to replace resolv.conf through a symlinked etc', async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'bad-etc'));
    await rm(path.join(root, 'etc/apt/apt.conf.d'), { recursive: true });
    await symlink(hostDir, path.join(root, 'etc/apt/apt.conf.d'));
    await rm(path.join(root, 'usr/sbin'), { recursive: true });
    await symlink(hostDir, path.join(root, 'usr/sbin'));
    const result = await ltspChroot(['exec', '--base-dir', base, '--state-dir', path.join(scratch, 'state'), 'bad-etc', '--', 'true']);
    expect(result.exitCode).toBe(73);
    expect(result.stderr).toMatch(/refusing to replace \/usr\/sbin\/policy-rc\.d in bad-etc: .*usr\/sbin is a symlink/);
    expect(await readdir(hostDir)).toEqual(['keep']);
  });
});
