// For the start-up benchmark (test/bench/kde-window.bench.mjs): with LTSP_UPDATE_TIMING=1, say
// "first-paint" on stderr once the window has painted for the first time. Off by default.
import { WidgetEventTypes, type QWidget } from './qt.js';

export function reportFirstPaint(window: QWidget, env: NodeJS.ProcessEnv = process.env): void {
  if (env['LTSP_UPDATE_TIMING'] !== '1') return;
  let reported = false;
  window.addEventListener(WidgetEventTypes.Paint, () => {
    if (reported) return;
    reported = true;
    // After this paint has reached the screen: the next turn of node's loop.
    setImmediate(() => process.stderr.write('first-paint\n'));
  }, { afterDefault: true });
}
