// Benchmark: the GNOME window from start to its first painted frame, showing 3 chroots from the
// status cache (no background check), against a minimal libadwaita window started the same way
// in the same run (test/bench/minimal-adw-window.mjs); then the window's resident memory.
// Goal: at most 1.5x the minimal window.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const repo = path.resolve(import.meta.dirname, '../..');
const rounds = Number(process.env.LTSP_BENCH_ROUNDS ?? 7);

/** Start `argv`, resolve with the ms until it says "first-paint" and its pid (still running). */
function firstPaint(argv, env) {
  const started = performance.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env, LTSP_UPDATE_TIMING: '1' } });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line === 'first-paint') resolve({ ms: performance.now() - started, child });
    });
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before its first frame`)));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rssMb = (pid) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

// Three chroots of the kind a school has, with a dozen updates each.
function status(name, arch, release) {
  const packages = Array.from({ length: 12 }, (_, index) => ({
    name: `package${index}`, from: `1.${index}-1`, to: `1.${index}-1+deb12u1`, suite: index < 4 ? `${release}-security` : release,
    security: index < 4, sizeBytes: 100_000 * (index + 1), isNew: false,
  }));
  return {
    name, path: `/srv/ltsp/${name}`, arch, verdict: 'native', verdictReason: 'runs natively', distribution: 'debian', release, securityRules: 'debian',
    pending: packages.length, security: 4, downloadBytes: packages.reduce((sum, entry) => sum + entry.sizeBytes, 0), packages, held: [], keptBack: [],
    mode: 'dist-upgrade', nextRelease: release === 'bookworm' ? 'trixie' : null, behindServer: false, lastCheck: new Date().toISOString(),
    lastRefresh: null, lastUpgrade: null, lastError: null,
  };
}
const state = mkdtempSync(path.join(tmpdir(), 'gnome-bench-'));
writeFileSync(path.join(state, 'status.json'), JSON.stringify({
  v: 1, updated: new Date().toISOString(), chroots: [status('classroom', 'amd64', 'bookworm'), status('library', 'i386', 'bookworm'), status('lab', 'amd64', 'trixie')],
}));

const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
const display = await new Promise((resolve) => xvfb.stdout.once('data', (chunk) => resolve(`:${chunk.toString().trim()}`)));
// No accessibility bus to look for: both windows start alike, without one.
const env = { DISPLAY: display, GDK_BACKEND: 'x11', GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1', GTK_A11Y: 'none' };
const windowEnv = { ...env, LTSP_UPDATE_STATE_DIR: state, LTSP_UPDATE_NO_CHECK: '1' };

const baseline = [];
const window = [];
let rss = 0;
let baselineRss = 0;
try {
  // Alternate, so a slow moment of the machine hits both alike; the first of each warms the page cache.
  for (let round = 0; round <= rounds; round++) {
    const minimal = await firstPaint([path.join(repo, 'test/bench/minimal-adw-window.mjs')], env);
    const updates = await firstPaint([path.join(repo, 'apps/gnome/bin/ltsp-update-gnome.js')], windowEnv);
    if (round === rounds) {
      await sleep(2000);
      baselineRss = rssMb(minimal.child.pid);
      rss = rssMb(updates.child.pid);
    }
    minimal.child.kill();
    updates.child.kill();
    if (round === 0) continue;
    baseline.push(minimal.ms);
    window.push(updates.ms);
  }
} finally {
  xvfb.kill();
  rmSync(state, { recursive: true, force: true });
}

const ratio = median(window) / median(baseline);
console.log(`first paint, median of ${rounds} (after one warm-up each):`);
console.log(`  baseline: minimal libadwaita window   ${median(baseline).toFixed(0).padStart(5)} ms`);
console.log(`  ltsp-update-gnome, 3 chroots          ${median(window).toFixed(0).padStart(5)} ms`);
console.log(`  ratio ${ratio.toFixed(2)}x (goal: at most 1.5x)`);
console.log(`RSS 2 s after first paint: ltsp-update-gnome ${rss.toFixed(1)} MB, minimal window ${baselineRss.toFixed(1)} MB`);
