// Benchmark: the GNOME window from start to its first painted frame, showing 3 chroots from the
// status cache (no background check), against a minimal libadwaita window started the same way
// in the same run (test/bench/minimal-adw-window.mjs); then the window's resident memory.
// Goal: at most 1.5x the minimal window.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { compareFirstPaint, repo, rounds, startXvfb, threeChrootsState } from './window-bench.mjs';

const state = threeChrootsState();
const { display, xvfb } = await startXvfb();
// No accessibility bus to look for: both windows start alike, without one.
const env = { DISPLAY: display, GDK_BACKEND: 'x11', GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1', GTK_A11Y: 'none' };
let result;
try {
  result = await compareFirstPaint(
    { argv: [path.join(repo, 'test/bench/minimal-adw-window.mjs')], env },
    { argv: [path.join(repo, 'apps/gnome/bin/ltsp-update-gnome.js')], env: { ...env, LTSP_UPDATE_STATE_DIR: state, LTSP_UPDATE_NO_CHECK: '1' } },
  );
} finally {
  xvfb.kill();
  rmSync(state, { recursive: true, force: true });
}
console.log(`GNOME window, first paint, median of ${rounds} (after one warm-up each):`);
console.log(`  baseline: minimal libadwaita window   ${result.baseline.toFixed(0).padStart(5)} ms`);
console.log(`  ltsp-update-gnome, 3 chroots          ${result.window.toFixed(0).padStart(5)} ms`);
console.log(`  ratio ${(result.window / result.baseline).toFixed(2)}x (goal: at most 1.5x)`);
console.log(`RSS 2 s after first paint: ltsp-update-gnome ${result.rss.window.toFixed(1)} MB, minimal window ${result.rss.baseline.toFixed(1)} MB`);
