// Benchmark: `ltsp-chroot list` over 20 chroots against the naive way of learning their
// architectures, a loop of `chroot DIR dpkg --print-architecture`. Both run here, now, on the
// same 20 chroots; the figure is the ratio. Run as root: npm run bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listChroots, normalizeOptions } from '@ltsp-update/engine';

const repo = path.resolve(import.meta.dirname, '../..');
const cache = process.env.LTSP_UPDATE_FIXTURE_CACHE ?? '/var/cache/ltsp-update-fixtures';
const count = 20;
const rounds = 7;

/** 20 chroots as hard-linked copies of the cached minbase one (read-only use: nothing is written). */
function benchBase() {
  const base = path.join(cache, `bench-${count}`, 'srv/ltsp');
  if (existsSync(base)) return base;
  const [mirror] = execFileSync('node', [path.join(repo, 'scripts/host-mirror.mjs')], { encoding: 'utf8' }).trim().split(' ');
  const source = execFileSync('sh', [path.join(repo, 'test/fixtures/make-chroot.sh'), 'bookworm', 'amd64', 'minbase', mirror], { encoding: 'utf8' }).trim();
  const partial = `${base}.partial`;
  mkdirSync(partial, { recursive: true });
  for (let i = 1; i <= count; i++) execFileSync('cp', ['-al', source, path.join(partial, `c${String(i).padStart(2, '0')}`)]);
  renameSync(partial, base);
  return base;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeIt(label, fn) {
  await fn(); // warm the page cache and the code paths once
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const ms = median(samples);
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms (median of ${rounds})`);
  return ms;
}

const base = benchBase();
const chroots = Array.from({ length: count }, (_, i) => path.join(base, `c${String(i + 1).padStart(2, '0')}`));
const bin = path.join(repo, 'packages/engine/bin/ltsp-chroot.js');

const baseline = await timeIt(`baseline: chroot DIR dpkg --print-architecture ×${count}`, () => {
  for (const dir of chroots) {
    const result = spawnSync('chroot', [dir, 'dpkg', '--print-architecture']);
    if (result.status !== 0) throw new Error(`chroot ${dir} failed`);
  }
});
const cli = await timeIt(`ltsp-chroot list --json (a new process each time)`, () => {
  const result = spawnSync(process.execPath, [bin, 'list', '--json', '--base-dir', base]);
  if (result.status !== 0) throw new Error(String(result.stderr));
});
const options = await normalizeOptions({ baseDirs: [base] });
const library = await timeIt(`listChroots() in a running process (GUI, notifier)`, async () => {
  const { chroots: listed } = await listChroots(options);
  if (listed.length !== count) throw new Error(`listed ${listed.length}`);
});

console.log('');
console.log(`ratio, baseline / ltsp-chroot list:  ${(baseline / cli).toFixed(1)}x faster   (goal: at least 2x)`);
console.log(`ratio, baseline / listChroots():     ${(baseline / library).toFixed(1)}x faster   (goal: at least 20x)`);
