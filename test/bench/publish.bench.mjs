// Benchmark of publishing an image as a version, against its baseline measured here, now:
//   ltsp-chroot publish C   against  ltsp image C (LTSP alone: no versions, no boot check)
// Both with ltsp.conf's own mksquashfs settings (gzip unless MKSQUASHFS_PARAMS says otherwise),
// on a copy of the bootable fixture. What publish adds: the boot check (a read-only loop mount,
// the initrd's listing), the copies TFTP serves, and the renames. Run as root: npm run bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const repo = path.resolve(import.meta.dirname, '../..');
const cache = process.env.LTSP_UPDATE_FIXTURE_CACHE ?? '/var/cache/ltsp-update-fixtures';
const bin = path.join(repo, 'packages/engine/bin/ltsp-chroot.js');
// A publish of a client chroot takes a minute or more on two cores: a few rounds say enough.
const rounds = Number(process.env.LTSP_UPDATE_BENCH_ROUNDS ?? 2);

function fixture(variant) {
  const [mirror, security] = execFileSync('node', [path.join(repo, 'scripts/host-mirror.mjs')], { encoding: 'utf8' }).trim().split(' ');
  return execFileSync('sh', [path.join(repo, 'test/fixtures/make-chroot.sh'), 'bookworm', 'amd64', variant, mirror, security], { encoding: 'utf8' }).trim();
}

function benchTree() {
  const root = path.join(cache, 'bench-publish');
  if (existsSync(root)) return root;
  const partial = `${root}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.join(partial, 'srv/ltsp'), { recursive: true });
  execFileSync('cp', ['-a', fixture('bootable'), path.join(partial, 'srv/ltsp/lab')]);
  renameSync(partial, root);
  return root;
}

function run(file, args, env = process.env) {
  const result = spawnSync(file, args, { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
}

function timeIt(label, fn) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(70)} ${ms.toFixed(0).padStart(7)} ms (median of ${rounds})`);
  return ms;
}

const root = benchTree();
const base = path.join(root, 'srv/ltsp');
const tftp = path.join(root, 'srv/tftp');
const state = path.join(root, 'state');
// Each side has a base dir of its own: LTSP's .img and .img.old must not be taken over by publish.
const ltspBase = path.join(root, 'ltsp-alone');
mkdirSync(ltspBase, { recursive: true });
rmSync(path.join(ltspBase, 'lab'), { force: true });
execFileSync('ln', ['-s', path.join(base, 'lab'), path.join(ltspBase, 'lab')]);

console.log('publish against ltsp image alone');
const alone = timeIt('baseline: ltsp image C', () => run('ltsp', ['--base-dir', ltspBase, '--tftp-dir', path.join(root, 'tftp-alone'), 'image', 'lab'], { ...process.env, TFTP_DIR: path.join(root, 'tftp-alone') }));
const ours = timeIt('ltsp-chroot publish C', () => run(process.execPath, [bin, 'publish', '--base-dir', base, '--tftp-dir', tftp, '--state-dir', state, 'lab']));
console.log(`   publish adds ${((ours - alone) / 1000).toFixed(1)} s to ltsp image: ${(ours / alone).toFixed(2)}x the baseline (goal: at most 1.10x)`);
