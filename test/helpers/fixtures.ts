// Real chroots for the tests: debootstrapped once into a cache outside the repo, copied per test.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';

const exec = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

export const fixtureCache = process.env['LTSP_UPDATE_FIXTURE_CACHE'] ?? '/var/cache/ltsp-update-fixtures';

export type FixtureVariant = 'minbase' | 'foreign' | 'updates' | 'kernel' | 'bootable' | 'ltsp-server' | 'synaptic';

/** Path of a cached fixture chroot, building it first when missing (flock-serialised in the script). */
export async function ensureFixture(suite: string, arch: string, variant: FixtureVariant): Promise<string> {
  const { stdout: mirrors } = await exec('node', [path.join(repo, 'scripts/host-mirror.mjs')]);
  const [mirror, security] = mirrors.trim().split(' ');
  // The script's stderr is ours: a build that takes minutes says so as it starts.
  const { stdout } = await execa('sh', [path.join(repo, 'test/fixtures/make-chroot.sh'), suite, arch, variant, mirror as string, security ?? ''], {
    env: { ...process.env, LTSP_UPDATE_FIXTURE_CACHE: fixtureCache },
    stderr: 'inherit',
  });
  return stdout.trim();
}

/** The cached fixture's path without building it (global setup built it). */
export function fixture(suite: string, arch: string, variant: FixtureVariant): string {
  return path.join(fixtureCache, `${suite}-${arch}-${variant}`);
}

/** A fresh scratch folder on the same disk as the fixtures, so copies are quick. */
export function scratchDir(label: string): Promise<string> {
  return mkdtemp(`/var/tmp/ltsp-update-test-${label}-`);
}

/** Copy a cached chroot to `dest`, so a test never changes the cached original. */
export async function copyChroot(source: string, dest: string): Promise<string> {
  // A base dir of its own (srv/ltsp of a disposable server) may not be there yet.
  await mkdir(path.dirname(dest), { recursive: true });
  await exec('cp', ['-a', '--reflink=auto', source, dest]);
  return dest;
}

/** Mount points at or below `dir`, from the kernel's table. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return info
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(prefix)));
}

/**
 * Remove a scratch tree, but never while anything is mounted inside it: `rm -rf` through
 * a bind mount of /dev would delete the host's device nodes.
 */
export async function removeScratch(dir: string): Promise<void> {
  const left = await mountsUnder(dir);
  if (left.length > 0) throw new Error(`refusing to remove ${dir}: still mounted: ${left.join(', ')}`);
  await exec('rm', ['-rf', '--one-file-system', dir]);
}
