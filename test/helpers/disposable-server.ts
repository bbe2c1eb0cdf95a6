// A disposable LTSP server, so the suite never upgrades the machine it runs on: a copy of a
// fixture chroot made the root of a new mount and PID namespace (chroot inside `unshare`), with
// this Node and this checkout bind-mounted in. The engine runs there as it would on a real
// server: "the server" is that root, apt runs on its `/`, nothing is confined and services may
// start. Every mount is in the namespace, and goes with its last process. In the suite's mode
// (programs.ts) the engine there is the installed package's: this host's /usr/lib/ltsp-update,
// bind-mounted at the same path.
import { chmod, copyFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type Options } from 'execa';
import { copyChroot, fixture } from './fixtures.js';
import { checkoutPath, installedLib, installedPrograms } from './programs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const engineBin = installedPrograms ? path.join(installedLib, 'ltsp-chroot.mjs') : checkoutPath['ltsp-chroot'];

// Inside the new namespaces: the root a mount point, their own /proc (so /proc/locks names this server's processes), the
// host's /dev and /sys, and the checkout and Node at the paths they have on the host.
const enter = [
  'set -e',
  'root=$1; repo=$2; node=$3; shift 3',
  // A mount of its own, as a real server's / is (unshare --propagation and LTSP's own tools need one).
  'mount --bind "$root" "$root"',
  'mount -t proc proc "$root/proc"',
  'mount --rbind /dev "$root/dev"',
  // The kernel's own /sys, cgroups included, as a real server has: systemd-nspawn looks there.
  'mount --rbind /sys "$root/sys"',
  'mkdir -p "$root$repo" && mount --bind "$repo" "$root$repo"',
  ...(installedPrograms ? [`mkdir -p "$root${installedLib}" && mount --bind ${installedLib} "$root${installedLib}"`] : []),
  'touch "$root/usr/local/bin/node" && mount --bind "$node" "$root/usr/local/bin/node"',
  'exec chroot "$root" "$@"',
].join('\n');

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** Make a server at `root` from a fixture with real pending security updates (`ltsp-server`: with Debian's ltsp and systemd-nspawn), with the host's resolver. */
export async function makeServer(root: string, variant: 'updates' | 'ltsp-server' = 'updates'): Promise<string> {
  await copyChroot(fixture('bookworm', 'amd64', variant), root);
  // A link there would be followed by the copy: it goes first.
  await rm(path.join(root, 'etc/resolv.conf'), { force: true });
  await copyFile('/etc/resolv.conf', path.join(root, 'etc/resolv.conf'));
  return root;
}

/** Run a shell script as root on the server at `root`; `ltsp-chroot` there is the engine the tests run (programs.ts). */
export function onServer(root: string, script: string, options: Options = {}) {
  const withEngine = `ltsp_chroot() { /usr/local/bin/node ${engineBin} "$@"; }\n${script}`;
  return execa('unshare', ['--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--', 'sh', '-c', enter, 'enter', root, repo, process.execPath, 'sh', '-c', withEngine], {
    reject: false,
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    extendEnv: false,
    ...options,
  });
}

/** The engine's own command line on the server at `root`, with its exit code and output. */
export async function ltspChrootOnServer(root: string, args: readonly string[]) {
  const quoted = args.map(quote).join(' ');
  const result = await onServer(root, `ltsp_chroot ${quoted}`);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/**
 * An executable that runs the tests' engine (programs.ts) on the server at `root` with its own arguments,
 * for a window's LTSP_UPDATE_ENGINE: the window stays on this machine's display while every
 * command it gives runs on the disposable server (with the server's own state dir and base dir,
 * not the window's). Each command line it was given is appended to `<dir>/engine-calls`.
 */
export async function engineOnServer(root: string, dir: string): Promise<{ engine: string; calls: string }> {
  const engine = path.join(dir, 'engine-on-server');
  const calls = path.join(dir, 'engine-calls');
  await writeFile(engine, [
    '#!/bin/sh',
    `echo "$*" >> ${quote(calls)}`,
    `exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 unshare --mount --propagation private --pid --fork --kill-child -- sh -c ${quote(enter)} enter ${quote(root)} ${quote(repo)} ${quote(process.execPath)} /usr/local/bin/node ${quote(engineBin)} "$@"`,
    '',
  ].join('\n'));
  await chmod(engine, 0o755);
  return { engine, calls };
}
