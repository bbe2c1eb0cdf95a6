// Benchmarks of the update pipeline, each against its baseline measured here, now:
//   1. ltsp-chroot check --fresh C    against  chroot C apt-get -s dist-upgrade
//   2. check --fresh c1 c2 c3         against  check --fresh C (one)
//   2b. check C, nothing changed since its last check (answered from the status cache)
//                                     against  ltsp-chroot --help
//   2c. ltsp-chroot --help            against  node -e 0
//   3. ltsp-chroot upgrade C with nothing pending, C served as an image,
//                                     against  apt-get update && apt-get dist-upgrade && ltsp image C
// Run as root: npm run bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const repo = path.resolve(import.meta.dirname, '../..');
const cache = process.env.LTSP_UPDATE_FIXTURE_CACHE ?? '/var/cache/ltsp-update-fixtures';
const bin = path.join(repo, 'packages/engine/bin/ltsp-chroot.js');
const rounds = 5;

function fixture(variant) {
  const [mirror, security] = execFileSync('node', [path.join(repo, 'scripts/host-mirror.mjs')], { encoding: 'utf8' }).trim().split(' ');
  return execFileSync('sh', [path.join(repo, 'test/fixtures/make-chroot.sh'), 'bookworm', 'amd64', variant, mirror, security], { encoding: 'utf8' }).trim();
}

/** A bench tree made once: three chroots with pending updates, one up to date with a kernel. */
function benchTree() {
  const root = path.join(cache, 'bench-update');
  if (existsSync(root)) return root;
  const partial = `${root}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const base = path.join(partial, 'srv/ltsp');
  mkdirSync(base, { recursive: true });
  for (const name of ['c1', 'c2', 'c3']) execFileSync('cp', ['-a', fixture('updates'), path.join(base, name)]);
  execFileSync('cp', ['-a', fixture('kernel'), path.join(base, 'served')]);
  renameSync(partial, root);
  return root;
}

function run(file, args) {
  const result = spawnSync(file, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
}

function timeIt(label, fn, times = rounds) {
  fn();
  const samples = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(70)} ${ms.toFixed(0).padStart(7)} ms (median of ${times})`);
  return ms;
}

const root = benchTree();
const base = path.join(root, 'srv/ltsp');
const state = path.join(root, 'state');
const tftp = path.join(root, 'srv/tftp');
const cli = (...args) => run(process.execPath, [bin, ...args, '--base-dir', base, '--state-dir', state, '--tftp-dir', tftp, '--cache-dir', path.join(root, 'cache')]);

console.log('1. check against apt-get -s');
const raw = timeIt('baseline: chroot C apt-get -s dist-upgrade', () => run('chroot', [path.join(base, 'c1'), 'apt-get', '-s', 'dist-upgrade']));
// --fresh: every round plans with apt, as the first check after new lists does.
const one = timeIt('ltsp-chroot check --fresh C --json', () => cli('check', '--fresh', '--json', 'c1'));
console.log(`   ratio: ${(one / raw).toFixed(2)}x the baseline (goal: at most 1.10x)\n`);

console.log('2. check --all over three chroots against check of one');
const all = timeIt('ltsp-chroot check --fresh c1 c2 c3 --json', () => cli('check', '--fresh', '--json', 'c1', 'c2', 'c3'));
console.log(`   ratio: ${(all / one).toFixed(2)}x one check (goal: at most 1.5x)\n`);

console.log('2b. check of a chroot where nothing apt reads changed, against --help');
const help = timeIt('ltsp-chroot --help', () => run(process.execPath, [bin, '--help']));
const unchanged = timeIt('ltsp-chroot check C --json, unchanged since its last check', () => cli('check', '--json', 'c1'));
console.log(`   ratio: ${(unchanged / help).toFixed(2)}x --help (goal: at most 1.2x)\n`);

console.log('2c. --help against starting Node.js');
const bare = timeIt('baseline: node -e 0', () => run(process.execPath, ['-e', '0']));
console.log(`   ratio: ${(help / bare).toFixed(2)}x node -e 0 (goal: at most 1.3x)\n`);

console.log('3. upgrade with nothing pending, chroot served as an image');
const served = path.join(base, 'served');
const naive = timeIt('baseline: apt-get update && apt-get dist-upgrade && ltsp image', () => {
  run('chroot', [served, 'apt-get', '-q', 'update']);
  run('chroot', [served, 'apt-get', '-y', 'dist-upgrade']);
  run('ltsp', ['--base-dir', base, '--tftp-dir', tftp, 'image', 'served']);
}, 1);
const ours = timeIt('ltsp-chroot upgrade --yes served', () => cli('upgrade', '--yes', '--json', 'served'));
console.log(`   ratio: ${(naive / ours).toFixed(1)}x faster than the baseline (goal: at least 10x)`);
