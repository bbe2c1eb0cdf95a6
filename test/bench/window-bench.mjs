// What the two window benchmarks share: a status cache with three chroots, an X display, and
// "start to first painted frame" of a window that prints "first-paint" on stderr when
// LTSP_UPDATE_TIMING=1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout } from 'node:timers';

export const repo = path.resolve(import.meta.dirname, '../..');
export const rounds = Number(process.env.LTSP_BENCH_ROUNDS ?? 7);

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Resident memory of `pid`, in MB. */
export const rssMb = (pid) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU time of `pid` and all its threads so far, in ms. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}

/** Start `argv` with node; resolve with the ms until it says "first-paint", and the child (still running). */
export function firstPaint(argv, env) {
  const started = performance.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env, LTSP_UPDATE_TIMING: '1' } });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line === 'first-paint') resolve({ ms: performance.now() - started, child });
    });
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before its first frame`)));
  });
}

/** A state folder whose status cache lists three chroots of the kind a school has, with a dozen updates each. */
export function threeChrootsState() {
  const status = (name, arch, release) => {
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
  };
  const state = mkdtempSync(path.join(tmpdir(), 'window-bench-'));
  writeFileSync(path.join(state, 'status.json'), JSON.stringify({
    v: 1, updated: new Date().toISOString(), chroots: [status('classroom', 'amd64', 'bookworm'), status('library', 'i386', 'bookworm'), status('lab', 'amd64', 'trixie')],
  }));
  return state;
}

/** An Xvfb of its own; resolves with its DISPLAY and the process to kill. */
export async function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const display = await new Promise((resolve) => xvfb.stdout.once('data', (chunk) => resolve(`:${chunk.toString().trim()}`)));
  return { display, xvfb };
}

/** First paint of `window` against `baseline`, alternating, the first round of each a warm-up; RSS 2 s after the last. */
export async function compareFirstPaint(baseline, window) {
  const times = { baseline: [], window: [] };
  const rss = {};
  for (let round = 0; round <= rounds; round++) {
    const base = await firstPaint(baseline.argv, baseline.env);
    const ours = await firstPaint(window.argv, window.env);
    if (round === rounds) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      rss.baseline = rssMb(base.child.pid);
      rss.window = rssMb(ours.child.pid);
    }
    base.child.kill();
    ours.child.kill();
    if (round === 0) continue;
    times.baseline.push(base.ms);
    times.window.push(ours.ms);
  }
  return { baseline: median(times.baseline), window: median(times.window), rss };
}
