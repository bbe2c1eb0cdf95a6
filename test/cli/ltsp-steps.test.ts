// The kernel and image steps with Debian's real ltsp: run only when something changed.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('ltsp');
let base: string;
let tftp: string;

interface Outcome {
  upgraded: string[];
  kernel: { ran: boolean; reason: string };
  image: { ran: boolean; reason: string };
}

beforeAll(async () => {
  ({ base, tftp } = tree);
  await copyChroot(fixture('bookworm', 'amd64', 'kernel'), path.join(base, 'kernel'));
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(base, 'served'));
});

async function sha256(file: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

async function upgrade(name: string): Promise<Outcome> {
  const result = await ltspChroot(['upgrade', '--json', '--yes', '--base-dir', base, '--tftp-dir', tftp, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), name]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return (lastEvent(result.stdout) as { chroots: Outcome[] }).chroots[0] as Outcome;
}

describe('the kernel step', () => {
  it('copies the kernel and initrd to TFTP when there is no copy there', async () => {
    const outcome = await upgrade('kernel');
    expect(outcome.kernel).toEqual({ ran: true, reason: 'there is no TFTP copy yet' });
    const boot = path.join(base, 'kernel/boot');
    const version = (await import('node:fs')).readdirSync(boot).find((name) => name.startsWith('vmlinuz-'))?.slice('vmlinuz-'.length);
    expect(await sha256(path.join(tftp, 'ltsp/kernel/vmlinuz'))).toBe(await sha256(path.join(boot, `vmlinuz-${version}`)));
    expect(await sha256(path.join(tftp, 'ltsp/kernel/initrd.img'))).toBe(await sha256(path.join(boot, `initrd.img-${version}`)));
  });

  it('is skipped, with the image step, when nothing changed', async () => {
    const outcome = await upgrade('kernel');
    expect(outcome.upgraded).toEqual([]);
    expect(outcome.kernel.ran).toBe(false);
    expect(outcome.kernel.reason).toMatch(/^kernel .* and its initrd are current in TFTP$/);
    expect(outcome.image).toEqual({ ran: false, reason: 'the chroot is not served as an image' });
  });

  it('runs again once update-initramfs has made a new initrd', async () => {
    const exec = await ltspChroot(['exec', '--base-dir', base, '--state-dir', tree.state, 'kernel', '--', 'update-initramfs', '-u']);
    expect(exec.exitCode).toBe(0);
    const outcome = await upgrade('kernel');
    expect(outcome.kernel.ran).toBe(true);
    expect(outcome.kernel.reason).toMatch(/^the initrd of .* changed$/);
  });
});

describe('the image step', () => {
  // The published image (publish/) is proved in publish.test.ts with a chroot that boots; this one
  // has no kernel, which is what its boot check is there to catch.
  it('builds the image of a chroot that got updates, and keeps the one clients boot when the new one would not boot', async () => {
    const image = path.join(base, 'images/served.img');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.dirname(image), { recursive: true });
    await writeFile(image, 'the image the clients boot today\n');
    const result = await ltspChroot(['upgrade', '--json', '--yes', '--base-dir', base, '--tftp-dir', tftp, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache'), 'served']);
    expect(result.exitCode).toBe(85);
    const outcome = (lastEvent(result.stdout) as { chroots: (Outcome & { error: { code: string; message: string } })[] }).chroots[0] as Outcome & { error: { code: string; message: string } };
    expect(outcome.upgraded.length).toBeGreaterThan(0);
    expect(outcome.error).toMatchObject({ code: 'image-refused' });
    expect(outcome.error.message).toMatch(/^the new image of served would not boot: it has no \/sbin\/init/);
    // LTSP's own file, untouched and still what clients boot; the refused build kept beside it.
    expect(await readFile(image, 'utf8')).toBe('the image the clients boot today\n');
    const refused = (await readdir(path.join(base, 'images/served.versions'))).filter((name) => name.endsWith('.img'));
    expect(refused).toHaveLength(2);
    const built = await Promise.all(refused.map(async (name) => (await readFile(path.join(base, 'images/served.versions', name))).subarray(0, 4).toString('latin1')));
    // LTSP's own file (taken over as the version before) and a real squashfs (magic "hsqs").
    expect(built.sort()).toEqual(['hsqs', 'the '].sort());
    expect(Math.max(...await Promise.all(refused.map(async (name) => (await stat(path.join(base, 'images/served.versions', name))).size)))).toBeGreaterThan(10_000_000);
  });

  it('is not rebuilt when the upgrade installed nothing', async () => {
    const before = (await stat(path.join(base, 'images/served.img'))).mtimeMs;
    const outcome = await upgrade('served');
    expect(outcome.image).toEqual({ ran: false, reason: 'nothing was installed, so the image is current' });
    expect((await stat(path.join(base, 'images/served.img'))).mtimeMs).toBe(before);
  });
});
