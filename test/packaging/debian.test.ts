// The Debian packages, as an administrator meets them: lintian-clean, installed with apt into a
// disposable server (a real debootstrapped Debian 12 with LTSP), upgraded to a newer build with
// the settings kept, and purged with nothing left behind.
import { copyFile, lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ltspChroot } from '../helpers/cli.js';
import { buildDebs, dependencyDebs } from '../helpers/debian-packages.js';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('debian');
const server = () => path.join(tree.base, 'server');
let debs: string[] = [];
const engineDeb = () => debs.find((file) => /\/ltsp-update-manager_[^/]*\.deb$/.test(file)) as string;

/** A command inside the disposable server, through the engine's own exec (confined, daemons kept from starting). */
async function inServer(script: string) {
  return ltspChroot(['exec', '--base-dir', tree.base, '--state-dir', tree.state, 'server', '--', 'sh', '-c', script]);
}

/** Copy .deb files into the server's /tmp, by their base names. */
async function offer(files: readonly string[]): Promise<string[]> {
  await Promise.all(files.map((file) => copyFile(file, path.join(server(), 'tmp', path.basename(file)))));
  return files.map((file) => `/tmp/${path.basename(file)}`);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(() => true, () => false);
}

beforeAll(async () => {
  debs = await buildDebs();
  await copyChroot(fixture('bookworm', 'amd64', 'ltsp-server'), server());
}, 900_000);

describe('the Debian packages', () => {
  it('are lintian-clean: no error and no warning', async () => {
    expect(debs.map((file) => path.basename(file))).toContain(path.basename(engineDeb()));
    const lint = await execa('lintian', ['--fail-on', 'error,warning', ...debs], { reject: false });
    expect(lint.stdout.split('\n').filter((line) => /^[EW]: /.test(line))).toEqual([]);
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
  }, 300_000);

  it('installs with apt, where Debian puts things, with the timer enabled and the engine working', async () => {
    const files = await offer([...await dependencyDebs(), engineDeb()]);
    const installed = await inServer(`apt-get install -y -q --no-install-recommends ${files.join(' ')}`);
    expect(installed.exitCode, installed.stdout + installed.stderr).toBe(0);
    expect(await readlink(path.join(server(), 'usr/sbin/ltsp-chroot'))).toBe('../lib/ltsp-update/ltsp-chroot.mjs');
    expect(await readlink(path.join(server(), 'etc/systemd/system/timers.target.wants/ltsp-update-refresh.timer'))).toBe('/lib/systemd/system/ltsp-update-refresh.timer');
    // The job and the windows' polkit actions name the package's engine, never a checkout's.
    const unit = await readFile(path.join(server(), 'lib/systemd/system/ltsp-update-refresh.service'), 'utf8');
    expect(unit).toContain('ExecStart=/usr/sbin/ltsp-chroot refresh --all');
    expect(unit).not.toContain('/usr/local');
    const policy = await readFile(path.join(server(), 'usr/share/polkit-1/actions/org.ltsp.update-manager.policy'), 'utf8');
    expect(policy).toContain('<annotate key="org.freedesktop.policykit.exec.path">/usr/sbin/ltsp-chroot</annotate>');
    expect(policy).not.toContain('/usr/local');
    const conffiles = (await readFile(path.join(server(), 'var/lib/dpkg/info/ltsp-update-manager.conffiles'), 'utf8')).trim().split('\n').sort();
    expect(conffiles).toEqual(['/etc/apt/apt.conf.d/99ltsp-update', '/etc/default/ltsp-update', '/etc/xdg/autostart/ltsp-update-notifier.desktop']);
    // The installed engine runs from its bundle, on the server's own Node.js.
    const help = await inServer('ltsp-chroot --help');
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/\bpublish\b/);
    const listed = await inServer('ltsp-chroot list');
    expect(listed.exitCode).toBe(67);
    expect(listed.stderr.trim()).toBe('ltsp-chroot: no chroots found in /srv/ltsp, /opt/ltsp: create one (for example with debootstrap) or point --base-dir at yours');
  }, 300_000);

  it("upgrades to a newer build and keeps the administrator's settings", async () => {
    const settings = path.join(server(), 'etc/default/ltsp-update');
    await writeFile(settings, `${await readFile(settings, 'utf8')}LTSP_UPDATE_DOWNLOAD=no\n`);
    // A newer build of the same files: what the next release of the package is to dpkg.
    const unpacked = path.join(tree.root, 'newer');
    await execa('dpkg-deb', ['-R', engineDeb(), unpacked]);
    const control = path.join(unpacked, 'DEBIAN/control');
    const version = /^Version: (.*)$/m.exec(await readFile(control, 'utf8'))?.[1] as string;
    await writeFile(control, (await readFile(control, 'utf8')).replace(/^Version: .*$/m, `Version: ${version}+1`));
    await mkdir(path.join(tree.root, 'out'));
    const newer = path.join(tree.root, 'out', `ltsp-update-manager_${version}+1_amd64.deb`);
    await execa('dpkg-deb', ['--root-owner-group', '-b', unpacked, newer]);
    const [file] = await offer([newer]);
    const upgraded = await inServer(`apt-get install -y -q --no-install-recommends ${file}`);
    expect(upgraded.exitCode, upgraded.stdout + upgraded.stderr).toBe(0);
    expect((await inServer("dpkg-query -W -f='${Version} ${Status}' ltsp-update-manager")).stdout).toBe(`${version}+1 install ok installed`);
    expect(await readFile(settings, 'utf8')).toContain('LTSP_UPDATE_DOWNLOAD=no\n');
    expect(await exists(path.join(server(), 'etc/systemd/system/timers.target.wants/ltsp-update-refresh.timer'))).toBe(true);
  }, 300_000);

  it('purges everything it installed and everything the engine kept, and nothing else', async () => {
    const owned = (await inServer('dpkg-query -L ltsp-update-manager')).stdout.split('\n').filter((line) => line.startsWith('/'));
    const ownFiles: string[] = [];
    // Folders (and merged-usr's /lib link to one) are shared with other packages.
    for (const file of owned) if (!(await stat(path.join(server(), file))).isDirectory()) ownFiles.push(file);
    expect(ownFiles).toContain('/usr/sbin/ltsp-chroot');
    // What the engine keeps while it works.
    await mkdir(path.join(server(), 'var/lib/ltsp-update'), { recursive: true });
    await writeFile(path.join(server(), 'var/lib/ltsp-update/status.json'), '{}\n');
    await mkdir(path.join(server(), 'var/cache/ltsp-update/debian-bookworm-amd64'), { recursive: true });
    const purged = await inServer('apt-get purge -y -q ltsp-update-manager');
    expect(purged.exitCode, purged.stdout + purged.stderr).toBe(0);
    const left = [];
    for (const file of [...ownFiles, '/etc/systemd/system/timers.target.wants/ltsp-update-refresh.timer', '/var/lib/ltsp-update', '/var/cache/ltsp-update']) {
      if (await exists(path.join(server(), file))) left.push(file);
    }
    expect(left).toEqual([]);
    expect((await inServer('dpkg-query -W -f=\'${Status}\' ltsp-update-manager 2>&1 || true')).stdout).not.toContain('installed');
    // The server's Node.js (a dependency, not ours) stays.
    expect(await exists(path.join(server(), 'usr/bin/node'))).toBe(true);
  }, 300_000);
});
