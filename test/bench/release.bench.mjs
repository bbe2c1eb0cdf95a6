// Benchmark: a release upgrade (bookworm to trixie) by ltsp-chroot against the raw commands on
// an identical copy: sed the sources, apt-get update, apt-get dist-upgrade. Both start from
// the same up-to-date chroot with an empty package cache; the time is split by phase.
// Run as root: npm run bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const repo = path.resolve(import.meta.dirname, '../..');
const cache = process.env.LTSP_UPDATE_FIXTURE_CACHE ?? '/var/cache/ltsp-update-fixtures';
const bin = path.join(repo, 'packages/engine/bin/ltsp-chroot.js');

function run(file, args, env = {}) {
  const start = performance.now();
  const result = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms: performance.now() - start, stdout: result.stdout };
}

/** An up-to-date bookworm chroot, made once: the updates fixture with its updates installed. */
function readyChroot() {
  const dir = path.join(cache, 'bench-release');
  const ready = path.join(dir, 'base/ready');
  if (existsSync(ready)) return ready;
  const [mirror, security] = execFileSync('node', [path.join(repo, 'scripts/host-mirror.mjs')], { encoding: 'utf8' }).trim().split(' ');
  const source = execFileSync('sh', [path.join(repo, 'test/fixtures/make-chroot.sh'), 'bookworm', 'amd64', 'updates', mirror, security], { encoding: 'utf8' }).trim();
  mkdirSync(path.join(dir, 'base'), { recursive: true });
  execFileSync('cp', ['-a', source, `${ready}.partial`]);
  run(process.execPath, [bin, 'upgrade', '--yes', '--base-dir', path.join(dir, 'base'), '--state-dir', path.join(dir, 'state'), '--cache-dir', path.join(dir, 'cache'), 'ready.partial']);
  renameSync(`${ready}.partial`, ready);
  return ready;
}

const ready = readyChroot();
const work = path.join(cache, 'bench-release/run');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
execFileSync('cp', ['-a', ready, path.join(work, 'raw')]);
execFileSync('cp', ['-a', ready, path.join(work, 'ours')]);

const raw = path.join(work, 'raw');
const noninteractive = { DEBIAN_FRONTEND: 'noninteractive' };
const sed = run('chroot', [raw, 'sed', '-i', 's/bookworm/trixie/g', '/etc/apt/sources.list']);
const update = run('chroot', [raw, 'apt-get', '-q', 'update']);
const upgrade = run('chroot', [raw, 'apt-get', '-q', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'dist-upgrade'], noninteractive);

const ours = run(process.execPath, [bin, 'release-upgrade', '--yes', '--json', '--base-dir', work, '--state-dir', path.join(work, 'state'), '--cache-dir', path.join(work, 'cache'), 'ours']);
const result = JSON.parse(ours.stdout.trim().split('\n').at(-1));
const phase = (name) => result.phases[name] ?? 0;

const row = (label, ms) => console.log(`${label.padEnd(60)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
console.log('raw commands on an identical copy');
row('  sed the sources', sed.ms);
row('  apt-get update', update.ms);
row('  apt-get dist-upgrade (download and install)', upgrade.ms);
console.log('ltsp-chroot release-upgrade');
row('  preflight (dpkg audit, dry run against the new lists, space)', phase('preflight'));
row('  apt-get update (the current release, then the new one)', phase('apt-update'));
row('  install (minimal upgrade, then dist-upgrade)', phase('install'));
row('  image and kernel steps', phase('image') + phase('kernel'));
row('  whole command', ours.ms);
const rawApt = update.ms + upgrade.ms;
const ourApt = phase('apt-update') + phase('install');
console.log(`\nratio of the apt phases: ${(ourApt / rawApt).toFixed(2)}x the raw commands (goal: at most 1.10x)`);
console.log(`ratio of the whole command, preflight included: ${(ours.ms / (rawApt + sed.ms)).toFixed(2)}x`);
rmSync(work, { recursive: true, force: true });
