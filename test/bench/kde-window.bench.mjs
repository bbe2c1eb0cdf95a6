// Benchmark: the KDE window from start to its first painted frame, showing 3 chroots from the
// status cache (no background check), against a minimal nodegui window started the same way in
// the same run (test/bench/minimal-qt-window.mjs); then the window idle for 30 s
// (LTSP_BENCH_IDLE_SECONDS): its CPU against the baseline's, and resident memory.
// Goals: first paint at most 1.5x the minimal window; idle CPU under 1 % of a core.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compareFirstPaint, cpuMs, firstPaint, repo, rounds, rssMb, startXvfb, threeChrootsState } from './window-bench.mjs';

const idleSeconds = Number(process.env.LTSP_BENCH_IDLE_SECONDS ?? 30);
const state = threeChrootsState();
const { display, xvfb } = await startXvfb();
const env = { DISPLAY: display, QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '', QT_ACCESSIBILITY: '0' };
const baseline = { argv: [path.join(repo, 'test/bench/minimal-qt-window.mjs')], env };
const window = { argv: [path.join(repo, 'apps/kde/bin/ltsp-update-kde.js')], env: { ...env, LTSP_UPDATE_STATE_DIR: state, LTSP_UPDATE_NO_CHECK: '1' } };

/** CPU as % of one core over `idleSeconds`, after 3 s to settle. */
async function idle(subject) {
  const { child } = await firstPaint(subject.argv, subject.env);
  await sleep(3000);
  const before = cpuMs(child.pid);
  await sleep(idleSeconds * 1000);
  const percent = ((cpuMs(child.pid) - before) / (idleSeconds * 1000)) * 100;
  const rss = rssMb(child.pid);
  child.kill();
  return { percent, rss };
}

let paint;
let idleBaseline;
let idleWindow;
try {
  paint = await compareFirstPaint(baseline, window);
  idleBaseline = await idle(baseline);
  idleWindow = await idle(window);
} finally {
  xvfb.kill();
  rmSync(state, { recursive: true, force: true });
}
console.log(`KDE window, first paint, median of ${rounds} (after one warm-up each):`);
console.log(`  baseline: minimal nodegui window      ${paint.baseline.toFixed(0).padStart(5)} ms`);
console.log(`  ltsp-update-kde, 3 chroots            ${paint.window.toFixed(0).padStart(5)} ms`);
console.log(`  ratio ${(paint.window / paint.baseline).toFixed(2)}x (goal: at most 1.5x)`);
console.log(`idle ${idleSeconds} s: ltsp-update-kde ${idleWindow.percent.toFixed(2)} % of a core (goal: under 1 %), minimal window ${idleBaseline.percent.toFixed(2)} %`);
console.log(`RSS: ltsp-update-kde ${idleWindow.rss.toFixed(1)} MB, minimal window ${idleBaseline.rss.toFixed(1)} MB`);
