// `ltsp-chroot exec` in real chroots: the session it sets up, and that it takes everything down again.
import { lstat, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { ltspChroot } from '../helpers/cli.js';
import { hostI386 } from '../helpers/host-probe.js';
import { reducedForm } from '../helpers/reduced-form.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('exec');
let base: string;
let legacy: string;
let state: string;

beforeAll(async () => {
  ({ base, legacy, state } = tree);
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'bookworm'));
  await copyChroot(fixture('bookworm', 'i386', 'minbase'), path.join(base, 'i386'));
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(legacy, 'amd64'));
});

function exec(name: string, command: string[], extra: string[] = [], options = {}) {
  return ltspChroot(['exec', '--base-dir', base, '--state-dir', state, ...extra, name, '--', ...command], options);
}

describe('exec', () => {
  it('runs a command in an amd64 chroot with proc, sys, dev and dev/pts mounted', async () => {
    const result = await exec('bookworm', ['sh', '-c', 'uname -m; cut -d" " -f2 /proc/self/mounts; test -c /dev/null && test -d /sys/kernel && echo devices-ok']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const [machine, ...rest] = result.stdout.trim().split('\n');
    expect(machine).toBe('x86_64');
    const mounted = rest.slice(0, -1).map((point) => point.replace(path.join(base, 'bookworm'), ''));
    expect(mounted).toEqual(expect.arrayContaining(['/proc', '/sys', '/dev', '/dev/pts']));
    expect(rest.at(-1)).toBe('devices-ok');
  });

  it('runs an i386 chroot under the 32-bit personality where this kernel runs 32-bit programs', async () => {
    const result = await exec('i386', ['uname', '-m']);
    if (hostI386() === 'compatible') {
      expect(result.stdout.trim()).toBe('i686');
      expect(result.exitCode).toBe(0);
      return;
    }
    // test/cli/host-compat.test.ts covers this host's refusal and the emulated run in full.
    reducedForm('this kernel cannot run i386 programs natively');
    expect(result.exitCode).toBe(hostI386() === 'emulated' ? 68 : 69);
    expect(result.stdout).toBe('');
  });

  it('runs a chroot of the legacy /opt/ltsp layout', async () => {
    const result = await ltspChroot(['exec', '--base-dir', legacy, '--state-dir', state, 'amd64', '--', 'dpkg', '--print-architecture']);
    expect(result.stdout.trim()).toBe('amd64');
    expect(result.exitCode).toBe(0);
  });

  it("passes the command's exit code through", async () => {
    const result = await exec('bookworm', ['sh', '-c', 'exit 42']);
    expect(result.exitCode).toBe(42);
    expect(result.stderr).toBe('');
  });

  it('gives the command an environment without host temp dirs and with daemons held back', async () => {
    const result = await exec('bookworm', ['sh', '-c', 'echo "$DEBIAN_FRONTEND $LTSP_HANDLE_DAEMONS [${TMPDIR-}${TMP-}${TEMP-}${TEMPDIR-}] $HOME"'], [], {
      env: { TMPDIR: '/host/tmp', TMP: '/host/tmp', TEMP: '/host/tmp', TEMPDIR: '/host/tmp' },
    });
    expect(result.stdout.trim()).toBe('noninteractive false [] /root');
  });

  it("denies starting services inside, and puts the chroot's own policy-rc.d and resolv.conf back byte for byte", async () => {
    const root = path.join(base, 'bookworm');
    const policy = '#!/bin/sh\n# the administrator\'s own policy\nexit 0\n';
    await writeFile(path.join(root, 'usr/sbin/policy-rc.d'), policy, { mode: 0o755 });
    await rm(path.join(root, 'etc/resolv.conf'), { force: true });
    await symlink('../run/systemd/resolve/stub-resolv.conf', path.join(root, 'etc/resolv.conf'));

    // With --network the host's resolv.conf goes in for the length of the run.
    const result = await exec('bookworm', ['sh', '-c', 'invoke-rc.d --query cron start; echo "invoke-rc.d=$?"; /usr/sbin/policy-rc.d cron start; echo "policy-rc.d=$?"; test -L /etc/resolv.conf || echo resolv-is-a-file'], ['--network']);
    // 101: "action not allowed" in invoke-rc.d's policy layer (see /usr/share/doc/init-system-helpers/README.policy-rc.d).
    expect(result.stdout).toContain('invoke-rc.d=101');
    expect(result.stdout).toContain('policy-rc.d=101');
    expect(result.stdout).toContain('resolv-is-a-file');

    expect(await readFile(path.join(root, 'usr/sbin/policy-rc.d'), 'utf8')).toBe(policy);
    expect(await readlink(path.join(root, 'etc/resolv.conf'))).toBe('../run/systemd/resolve/stub-resolv.conf');
    await rm(path.join(root, 'usr/sbin/policy-rc.d'));
  });

  it('leaves no policy-rc.d, apt setting or journal behind when the chroot had none', async () => {
    const root = path.join(base, 'bookworm');
    const resolvBefore = await readFile(path.join(root, 'etc/resolv.conf')).catch(() => undefined);
    await exec('bookworm', ['true']);
    await expect(lstat(path.join(root, 'usr/sbin/policy-rc.d'))).rejects.toThrow();
    expect((await readFile(path.join(root, 'etc/resolv.conf')).catch(() => undefined))?.toString()).toBe(resolvBefore?.toString());
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(path.join(root, 'etc/apt/apt.conf.d'))).filter((name) => name.includes('ltsp'))).toEqual([]);
    expect(await readdir(path.join(state, 'sessions'))).toEqual([]);
  });

  it('lets apt and dpkg inside the session work although the session holds the dpkg lock', async () => {
    const result = await exec('bookworm', ['sh', '-c', 'apt-get check -q && dpkg --configure -a && echo apt-ok']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('apt-ok');
  });

  it('shares a host package cache for the distribution and architecture with --mount-package-cache', async () => {
    const cacheDir = '/var/cache/ltsp-update/archives/debian-amd64';
    const marker = `test-${process.pid}.deb`;
    const result = await exec('bookworm', ['sh', '-c', `touch /var/cache/apt/archives/${marker} && cut -d" " -f2 /proc/self/mounts | grep -c archives`], ['--mount-package-cache']);
    expect(result.stdout.trim()).toBe('1');
    expect((await lstat(path.join(cacheDir, marker))).isFile()).toBe(true);
    await rm(path.join(cacheDir, marker));
    await expect(lstat(path.join(base, 'bookworm/var/cache/apt/archives', marker))).rejects.toThrow();
  });
});
