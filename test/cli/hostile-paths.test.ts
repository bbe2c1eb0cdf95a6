// Content alone must not reach host files: links, FIFOs and huge files in a chroot's tree, at the
// paths the engine itself reads, are resolved inside the chroot, never opened when they are not
// regular files, and read only so far; LTSP's host-side steps are refused a kernel link that leads out.
import { chmod, mkdir, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { localRepoChroot } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('hostile-paths');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];
let hostDir: string;

beforeAll(async () => {
  // Stands in for host files a hostile tree points at.
  hostDir = path.join(tree.root, 'host');
  await mkdir(path.join(hostDir, 'dpkg'), { recursive: true });
  await writeFile(path.join(hostDir, 'dpkg/status'), 'Package: dpkg\nStatus: install ok installed\nArchitecture: s390x\n\n');
  await writeFile(path.join(hostDir, 'secret'), 'the host secret\n', { mode: 0o600 });
});

interface Listed {
  name: string;
  arch: string | null;
}

async function listed(): Promise<Listed[]> {
  const result = await ltspChroot(['list', '--json', ...common()]);
  expect(result.exitCode, result.stderr).toBe(0);
  return (lastEvent(result.stdout) as { chroots: Listed[] }).chroots;
}

describe('a chroot whose files the engine reads are links, FIFOs or huge', () => {
  it("is listed from its own files: a symlinked var/lib/dpkg does not make list read the host's", async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'linked-dpkg'));
    await rm(path.join(root, 'var/lib/dpkg'), { recursive: true });
    await symlink(path.join(hostDir, 'dpkg'), path.join(root, 'var/lib/dpkg'));
    // Inside the chroot that link leads nowhere: the architecture comes from its own /bin/sh.
    expect((await listed()).find((chroot) => chroot.name === 'linked-dpkg')?.arch).toBe('amd64');
    await rm(root, { recursive: true });
  });

  it('neither hangs nor reads without end on a FIFO os-release and apt.conf and an 8 GB dpkg status', async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'traps'));
    await rm(path.join(root, 'etc/os-release'), { force: true });
    await execa('mkfifo', [path.join(root, 'etc/os-release'), path.join(root, 'etc/apt/apt.conf')]);
    const status = path.join(root, 'var/lib/dpkg/status');
    const { copyFile } = await import('node:fs/promises');
    await copyFile(status, `${status}.real`);
    await truncate(status, 8 * 1024 ** 3);
    const chroots = await listed();
    expect(chroots.find((chroot) => chroot.name === 'traps')?.arch).toBe('amd64');
    // apt itself skips an apt.conf that is no regular file; the session does not wait on it either.
    await rm(status);
    await copyFile(`${status}.real`, status);
    const exec = await ltspChroot(['exec', ...common(), 'traps', '--', 'apt-get', 'check', '-q']);
    expect(exec.exitCode, exec.stderr).toBe(0);
    expect(await mountsUnder(root)).toEqual([]);
    await rm(root, { recursive: true });
  });
});

describe("a kernel link that leads out of the chroot on the host", () => {
  it("is refused for LTSP's kernel step, no host file reaches TFTP, and the other chroots are updated", async () => {
    const root = await copyChroot(fixture('bookworm', 'amd64', 'kernel'), path.join(tree.base, 'kernel-link'));
    // Newest by version order, so LTSP would pick it; an absolute link, which the host follows out.
    await symlink(path.join(hostDir, 'secret'), path.join(root, 'boot/vmlinuz-99.0-amd64'));
    await chmod(path.join(hostDir, 'secret'), 0o600);
    await localRepoChroot(tree.base, 'neighbour', ['--base-dir', tree.base, '--state-dir', tree.state], 'ltsp-test-neighbour', '#!/bin/sh\nexit 0\n');
    const result = await ltspChroot(['upgrade', '--json', '--yes', ...common(), '--tftp-dir', tree.tftp, 'kernel-link', 'neighbour']);
    expect(result.exitCode).toBe(1);
    const outcomes = (lastEvent(result.stdout) as { chroots: { chroot: string; upgraded: string[]; error?: { code: string; message: string } }[] }).chroots;
    expect(outcomes.find((outcome) => outcome.chroot === 'kernel-link')?.error).toMatchObject({
      code: 'unsafe-chroot',
      message: "refusing LTSP's kernel and image steps for kernel-link: /boot/vmlinuz-99.0-amd64 is a link that leads outside the chroot on the host; make it a file or a link inside the chroot",
    });
    expect(outcomes.find((outcome) => outcome.chroot === 'neighbour')).toMatchObject({ upgraded: ['ltsp-test-neighbour'] });
    expect(outcomes.find((outcome) => outcome.chroot === 'neighbour')?.error ?? null).toBeNull();
    const published = await readdir(tree.tftp, { recursive: true }).catch(() => [] as string[]);
    for (const file of published) {
      const text = await readFile(path.join(tree.tftp, file), 'utf8').catch(() => '');
      expect(text).not.toContain('the host secret');
    }
  });
});
