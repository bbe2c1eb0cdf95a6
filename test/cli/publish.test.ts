// Publishing images as versions with Debian's real ltsp: a new version beside the old, a boot
// check before the switch, rollback byte for byte, and a publish killed at any moment harmless.
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { faultRandom } from '../helpers/fault-seed.js';
import { buildLocalRepo } from '../helpers/local-repo.js';
import { killRunWhen } from '../helpers/run-faults.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('publish');
const pkg = 'ltsp-test-lab';
// Without compression mksquashfs is quick; the kill test leaves ltsp.conf's default (gzip) on, to have time to strike.
const quick = { ...process.env, MKSQUASHFS_PARAMS: '-noI -noD -noF -noX' };
const random = faultRandom('publish');

interface Version { version: string; live: boolean; refused: string | null; takenOver: boolean; changed: { upgraded: string[] } | null; liveUntil: string | null }

const common = () => ['--base-dir', tree.base, '--tftp-dir', tree.tftp, '--state-dir', tree.state];
const images = () => path.join(tree.base, 'images');
const tftpLive = () => path.join(tree.tftp, 'ltsp/lab');

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

async function run(args: readonly string[], env: NodeJS.ProcessEnv = quick) {
  return ltspChroot([args[0] as string, ...common(), ...args.slice(1)], { env });
}

async function versions(): Promise<{ live: string | null; versions: Version[] }> {
  const listed = await run(['images', '--json', 'lab']);
  expect(listed.exitCode, listed.stderr).toBe(0);
  return (lastEvent(listed.stdout) as { chroots: { live: string | null; versions: Version[] }[] }).chroots[0] as { live: string | null; versions: Version[] };
}

/** The version images/lab.img leads to. */
async function liveLink(): Promise<string> {
  return (await readlink(path.join(images(), 'lab.img'))).replace(/^lab\.versions\/(.*)\.img$/, '$1');
}

/** Offer `version` of the test package in the chroot's own repository, and let apt see it. */
async function offer(version: string): Promise<void> {
  // apt trusts its copy of a file: index while its size and mtime's second stay the same.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await buildLocalRepo(path.join(tree.base, 'lab/srv/repo'), { bookworm: [{ name: pkg, version }] });
  const updated = await run(['exec', 'lab', '--', 'apt-get', '-q', 'update']);
  expect(updated.exitCode, updated.stderr).toBe(0);
}

async function upgrade(): Promise<{ upgraded: string[]; image: { ran: boolean; version?: string } }> {
  const result = await run(['upgrade', '--json', '--yes', 'lab']);
  expect(result.exitCode, result.stderr).toBe(0);
  return (lastEvent(result.stdout) as { chroots: { upgraded: string[]; image: { ran: boolean; version?: string } }[] }).chroots[0] as { upgraded: string[]; image: { ran: boolean; version?: string } };
}

/** Every file of a mounted image with its SHA-256, sorted: what a client reading it sees. */
async function everyFile(mountPoint: string): Promise<string> {
  const { stdout } = await execa('sh', ['-c', 'cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum', 'sh', mountPoint]);
  return stdout;
}

/** The names under the version folders (images and TFTP), to tell a stray file from a kept one. */
async function storeListing(): Promise<string[]> {
  const list = async (dir: string) => (await readdir(dir).catch(() => [])).map((name) => `${dir}/${name}`);
  return [...await list(images()), ...await list(path.join(images(), 'lab.versions')), ...await list(path.join(tree.tftp, 'ltsp')), ...await list(path.join(tree.tftp, 'ltsp/lab.versions')), ...await list(tftpLive())].sort();
}

const kept: Record<string, { image: string; vmlinuz: string; initrd: string }> = {};

beforeAll(async () => {
  const root = await copyChroot(fixture('bookworm', 'amd64', 'bootable'), path.join(tree.base, 'lab'));
  await buildLocalRepo(path.join(root, 'srv/repo'), { bookworm: [{ name: pkg, version: '1.0' }] });
  await writeFile(path.join(root, 'etc/apt/sources.list'), 'deb [trusted=yes] file:/srv/repo bookworm main\n');
  const installed = await run(['exec', 'lab', '--', 'sh', '-c', `apt-get -q update && apt-get -y -q install ${pkg}`]);
  expect(installed.exitCode, installed.stderr).toBe(0);
  // The image as LTSP alone makes it today: a plain images/lab.img (its `ltsp kernel` takes TFTP_DIR from the environment).
  const plain = await execa('ltsp', ['--base-dir', tree.base, '--tftp-dir', tree.tftp, 'image', 'lab'], { env: { ...quick, TFTP_DIR: tree.tftp }, reject: false });
  expect(plain.exitCode, plain.stderr).toBe(0);
}, 300_000);

describe('publishing an image as versions', () => {
  it("takes LTSP's own image over, and publishes each upgrade that changed packages as a version of its own", async () => {
    const plain = await sha256(path.join(images(), 'lab.img'));
    await offer('1.1');
    const first = await upgrade();
    expect(first.upgraded).toEqual([pkg]);
    expect(first.image.ran).toBe(true);
    const v1 = first.image.version as string;
    expect((await lstat(path.join(images(), 'lab.img'))).isSymbolicLink()).toBe(true);
    expect(await liveLink()).toBe(v1);
    let listed = await versions();
    expect(listed.versions.map((entry) => [entry.takenOver, entry.live])).toEqual([[true, false], [false, true]]);
    const takenOver = (listed.versions[0] as Version).version;
    // LTSP's file is kept whole, as the version before.
    expect(await sha256(path.join(images(), 'lab.versions', `${takenOver}.img`))).toBe(plain);
    // What LTSP's own image held is not known, so neither is what changed since.
    expect(listed.versions[1]?.changed).toBeNull();
    // TFTP serves the kernel and initrd of the image's own chroot.
    const boot = path.join(tree.base, 'lab/boot');
    const kernel = (await readdir(boot)).find((name) => name.startsWith('vmlinuz-')) as string;
    expect(await sha256(path.join(tftpLive(), 'vmlinuz'))).toBe(await sha256(path.join(boot, kernel)));
    expect(await sha256(path.join(tftpLive(), 'initrd.img'))).toBe(await sha256(path.join(boot, kernel.replace('vmlinuz', 'initrd.img'))));
    kept[v1] = { image: await sha256(path.join(images(), 'lab.img')), vmlinuz: await sha256(path.join(tftpLive(), 'vmlinuz')), initrd: await sha256(path.join(tftpLive(), 'initrd.img')) };

    // A client reading the live version (a read-only loop mount, opened now) keeps reading it whole after the next publish.
    const mountPoint = await mkdtemp('/var/tmp/ltsp-update-test-client-');
    await execa('mount', ['-o', 'loop,ro', path.join(images(), 'lab.img'), mountPoint]);
    try {
      const before = await everyFile(mountPoint);
      expect(before).toContain('./usr/share/ltsp/ltsp');
      await offer('1.2');
      const second = await upgrade();
      const v2 = second.image.version as string;
      expect(v2 > v1).toBe(true);
      expect(await liveLink()).toBe(v2);
      // The status the upgrade recorded (what the windows read) names the version it made live, not the one before.
      const status = await run(['status', '--json']);
      expect((lastEvent(status.stdout) as { chroots: { name: string; image: unknown }[] }).chroots.find((entry) => entry.name === 'lab')?.image).toEqual({ live: v2, rollbackTo: v1 });
      expect(await everyFile(mountPoint)).toBe(before);
    } finally {
      await execa('umount', [mountPoint]);
      await rm(mountPoint, { recursive: true });
    }
    listed = await versions();
    expect(listed.versions.map((entry) => entry.live)).toEqual([false, false, true]);
    expect(listed.versions[2]?.changed?.upgraded).toEqual([pkg]);
    expect(listed.versions[1]?.liveUntil).not.toBeNull();
  }, 300_000);

  it('rolls back to the version before: image, kernel and initrd byte for byte', async () => {
    const [, v1, v2] = (await versions()).versions.map((entry) => entry.version) as [string, string, string];
    const result = await run(['rollback', '--json', 'lab']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(lastEvent(result.stdout)).toMatchObject({ type: 'result', command: 'rollback', from: v2, to: v1 });
    expect(await liveLink()).toBe(v1);
    expect({ image: await sha256(path.join(images(), 'lab.img')), vmlinuz: await sha256(path.join(tftpLive(), 'vmlinuz')), initrd: await sha256(path.join(tftpLive(), 'initrd.img')) }).toEqual(kept[v1]);
    // What the windows read: the live version, and the one a further rollback would go to.
    const checked = await run(['check', '--json', 'lab']);
    expect((lastEvent(checked.stdout) as { chroots: { image: unknown }[] }).chroots[0]?.image).toEqual({ live: v1, rollbackTo: expect.stringMatching(/^\d{8}T\d{6}Z/) as unknown });
  }, 120_000);

  it('refuses a version whose kernel lost its modules, and the live one stays', async () => {
    const live = await liveLink();
    const tftpBefore = [await sha256(path.join(tftpLive(), 'vmlinuz')), await sha256(path.join(tftpLive(), 'initrd.img'))];
    const modules = path.join(tree.base, 'lab/usr/lib/modules');
    const [version] = await readdir(modules) as [string];
    await rename(path.join(modules, version), path.join(tree.base, 'lab/usr/lib/modules-away'));
    try {
      const result = await run(['publish', 'lab']);
      expect(result.exitCode).toBe(85);
      expect(result.stderr).toMatch(new RegExp(`^ltsp-chroot: the new image of lab would not boot: kernel ${version} has no /lib/modules/${version} \\(apt-get install --reinstall linux-image-${version}`));
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await rename(path.join(tree.base, 'lab/usr/lib/modules-away'), path.join(modules, version));
    }
    expect(await liveLink()).toBe(live);
    expect([await sha256(path.join(tftpLive(), 'vmlinuz')), await sha256(path.join(tftpLive(), 'initrd.img'))]).toEqual(tftpBefore);
    const refused = (await versions()).versions.filter((entry) => entry.refused !== null);
    expect(refused).toHaveLength(1);
    // Kept for inspection.
    await expect(lstat(path.join(images(), 'lab.versions', `${refused[0]?.version}.img`))).resolves.toBeTruthy();
  }, 120_000);

  it('refuses an image whose initrd cannot mount it (no squashfs or overlay), and says to install ltsp', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'kernel'), path.join(tree.base, 'bare'));
    // An init, so the check reaches the initrd: the kernel fixture has no ltsp, whose initramfs hook adds both.
    await execa('ln', ['-s', '/bin/sh', path.join(tree.base, 'bare/usr/sbin/init')]);
    const result = await ltspChroot(['publish', ...common(), 'bare'], { env: quick });
    expect(result.exitCode).toBe(85);
    expect(result.stderr).toMatch(/it has no squashfs and overlay \(apt-get install ltsp in the chroot, then update-initramfs -u -k /);
    await expect(lstat(path.join(images(), 'bare.img'))).rejects.toThrow();
    await rm(path.join(tree.base, 'bare'), { recursive: true });
  }, 120_000);

  it('a publish killed during mksquashfs leaves the live version, and the next run leaves no stray file', async () => {
    await run(['cleanup']);
    const live = await liveLink();
    const before = await storeListing();
    const tmpBefore = (await readdir('/tmp')).filter((name) => name.startsWith('tmp.')).sort();
    const delay = random.between(300, 3000);
    const { killed } = await killRunWhen(['publish', ...common(), 'lab', '--json'], (event) => event.type === 'log' && /mksquashfs/i.test(event.message ?? ''), delay);
    expect(killed, `killed ${delay} ms into mksquashfs`).toBe(true);
    expect(await liveLink()).toBe(live);
    // Nothing of the killed run goes on: its namespace took ltsp and mksquashfs down with it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await execa('pgrep', ['-x', 'mksquashfs'], { reject: false })).stdout).toBe('');
    const cleaned = await run(['cleanup', '--json']);
    expect(cleaned.exitCode, cleaned.stderr).toBe(0);
    expect(JSON.stringify(lastEvent(cleaned.stdout))).toContain('removed the unfinished build');
    expect(await storeListing()).toEqual(before);
    // ltsp's own temporary folders were in a /tmp of the namespace's own.
    expect((await readdir('/tmp')).filter((name) => name.startsWith('tmp.')).sort()).toEqual(tmpBefore);
  }, 300_000);

  it('a switch cut between the image and the kernel is finished by the next run', async () => {
    // The state a kill leaves between the two renames: the link on the new version, TFTP still on
    // the old one, and the intent written down. Made by hand: that window is microseconds wide.
    const listed = await versions();
    const from = await liveLink();
    const to = listed.versions.filter((entry) => entry.refused === null && entry.version !== from && !entry.takenOver).at(-1)?.version as string;
    await writeFile(path.join(images(), 'lab.versions/switch.json'), JSON.stringify({ to, from }));
    await rm(path.join(images(), 'lab.img'));
    await execa('ln', ['-s', `lab.versions/${to}.img`, path.join(images(), 'lab.img')]);
    const status = await run(['images', 'lab']);
    expect(status.exitCode).toBe(0);
    const cleaned = await run(['cleanup', '--json']);
    expect(JSON.stringify(lastEvent(cleaned.stdout))).toContain(`finished switching lab to image ${to}`);
    expect(await liveLink()).toBe(to);
    expect(await sha256(path.join(tftpLive(), 'vmlinuz'))).toBe(await sha256(path.join(tree.tftp, 'ltsp/lab.versions', to, 'vmlinuz')));
    expect(await sha256(path.join(tftpLive(), 'initrd.img'))).toBe(await sha256(path.join(tree.tftp, 'ltsp/lab.versions', to, 'initrd.img')));
    await expect(lstat(path.join(images(), 'lab.versions/switch.json'))).rejects.toThrow();
  }, 120_000);

  it('keeps KEEP_IMAGES versions, never the live one or one live in the last day', async () => {
    const conf = path.join(tree.root, 'ltsp.conf');
    // One: the version live until now is kept by the day rule alone.
    await writeFile(conf, '[server]\nKEEP_IMAGES=1\n');
    const before = (await versions()).versions;
    // Every version but the live one stopped being live two days ago (the record is the clock retention reads).
    for (const entry of before.filter((candidate) => !candidate.live)) {
      const file = path.join(images(), 'lab.versions', `${entry.version}.json`);
      const meta = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      await writeFile(file, JSON.stringify({ ...meta, liveUntil: new Date(Date.now() - 2 * 86_400_000).toISOString() }));
    }
    const live = await liveLink();
    const published = await ltspChroot(['publish', ...common(), '--json', 'lab'], { env: { ...quick, LTSP_CONF: conf } });
    expect(published.exitCode, published.stderr).toBe(0);
    const result = lastEvent(published.stdout) as { version: string; previous: string; removed: string[] };
    expect(result.previous).toBe(live);
    const after = (await versions()).versions.filter((entry) => entry.refused === null).map((entry) => entry.version);
    // The new live one, and the one live until now (within the day); the older ones went, the refused one too.
    expect(after).toEqual([live, result.version].sort());
    expect(result.removed.sort()).toEqual(before.map((entry) => entry.version).filter((version) => version !== live).sort());
    expect(await storeListing()).not.toContain(path.join(tree.tftp, 'ltsp/lab.versions', result.removed[0] as string));
  }, 120_000);

  it('a publish killed at a random moment leaves a live version that boots, and the next run matches TFTP to it', async () => {
    process.env['MKSQUASHFS_PARAMS'] = quick.MKSQUASHFS_PARAMS;
    try {
      for (let point = 0; point < random.points; point++) {
        const before = await liveLink();
        // A whole quick publish takes about ten seconds here: a moment anywhere in it, or just after.
        const delay = random.between(0, 12_000);
        const { killed } = await killRunWhen(['publish', ...common(), 'lab', '--json'], () => true, delay);
        const live = await liveLink();
        const listed = await versions();
        const entry = listed.versions.find((candidate) => candidate.version === live);
        expect(entry?.refused, `killed: ${killed} after ${delay} ms; live ${before} -> ${live}`).toBeNull();
        const cleaned = await run(['cleanup', '--json']);
        expect(cleaned.exitCode, cleaned.stderr).toBe(0);
        expect(await liveLink()).toBe(live);
        for (const file of ['vmlinuz', 'initrd.img']) {
          expect(await sha256(path.join(tftpLive(), file)), `${file} after a kill ${delay} ms in`).toBe(await sha256(path.join(tree.tftp, 'ltsp/lab.versions', live, file)));
        }
        const left = await storeListing();
        expect(left.filter((name) => /\.staging|switch\.json|\.lab\.img\.|\.(vmlinuz|initrd\.img)\./.test(name))).toEqual([]);
      }
    } finally {
      delete process.env['MKSQUASHFS_PARAMS'];
    }
  }, 600_000);
});
