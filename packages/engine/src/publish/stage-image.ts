// Builds a new version with LTSP's own `ltsp image` (its cleanup of users, keys and logs, its
// excludes, ltsp.conf's MKSQUASHFS_PARAMS), without letting it touch what clients boot: in a mount
// namespace of its own, the staging folders are bound over <base>/images and <tftp>/ltsp, so the
// image it writes and the kernel and initrd its `ltsp kernel` copies (which it runs without our
// --tftp-dir) all land in staging. The namespace, its mounts and every process in it die with the
// engine, however it ends.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { runStreaming } from '../process/run.js';
import type { ImagePaths } from './version-store.js';

export interface StagedImage {
  image: string;
  vmlinuz: string;
  initrd: string;
}

// In the namespace: a private /tmp (ltsp's mktemp folders go with it), then the binds, then ltsp.
// The TFTP bind comes first: its staging folder is reached by a path the images bind may hide.
const inNamespace = [
  'set -e',
  'mount -t tmpfs -o mode=0700 ltsp-update-tmp /tmp',
  'mount --bind "$3" "$1"',
  'mount --bind "$4" "$2"',
  'shift 4',
  'exec "$@"',
].join('\n');

/** Remove what a publish that was cut short left in staging (the caller holds the chroot's lock). */
export function clearStaging(paths: ImagePaths): boolean {
  let removed = false;
  for (const dir of [paths.staging.images, paths.staging.tftp]) {
    try {
      rmSync(dir, { recursive: true });
      removed = true;
    } catch {
      // Not there.
    }
  }
  return removed;
}

/** Run `ltsp image NAME` into staging; resolves to the files it made. */
export async function stageImage(paths: ImagePaths, command: { file: string; args: string[] }, output: (line: string) => void): Promise<StagedImage> {
  clearStaging(paths);
  const tftpLtsp = path.dirname(paths.tftpLive);
  mkdirSync(paths.imagesDir, { recursive: true, mode: 0o700 });
  mkdirSync(paths.staging.images, { recursive: true, mode: 0o700 });
  mkdirSync(paths.staging.tftp, { recursive: true, mode: 0o755 });
  // `ltsp kernel` says "run ltsp ipxe" for a name TFTP has no kernel for; it has one when the live one is there.
  try {
    mkdirSync(path.join(paths.staging.tftp, paths.name));
    if (existsSync(path.join(paths.tftpLive, 'vmlinuz'))) writeFileSync(path.join(paths.staging.tftp, paths.name, 'vmlinuz'), '');
  } catch {
    // ltsp makes it itself.
  }
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // `ltsp image` runs its `ltsp kernel` without the --tftp-dir it was given; from the environment it takes ours.
  env['BASE_DIR'] = path.dirname(paths.imagesDir);
  env['TFTP_DIR'] = path.dirname(tftpLtsp);
  const result = await runStreaming('setpriv', [
    '--pdeathsig', 'KILL',
    'unshare', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--mount-proc',
    '--', '/bin/sh', '-c', inNamespace, 'ltsp-update-publish', tftpLtsp, paths.imagesDir, paths.staging.tftp, paths.staging.images,
    command.file, ...command.args,
  ], { env, onLine: (_stream, line) => output(line) });
  if (result.exitCode !== 0) {
    const last = `${result.stderr}\n${result.stdout}`.trim().split('\n').filter(Boolean).at(-1) ?? _f('exit code {code}', { code: String(result.exitCode) });
    throw new EngineError('ltsp-failed', _f('ltsp image {chroot} failed: {last}; the live image is untouched', { chroot: paths.name, last }), {
      chroot: paths.name, command: [command.file, ...command.args].join(' '), exitCode: result.exitCode, stderrTail: result.stderr.trimEnd().split('\n').slice(-8).join('\n'),
    });
  }
  return {
    image: path.join(paths.staging.images, `${paths.name}.img`),
    vmlinuz: path.join(paths.staging.tftp, paths.name, 'vmlinuz'),
    initrd: path.join(paths.staging.tftp, paths.name, 'initrd.img'),
  };
}
