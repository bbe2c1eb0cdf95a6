// For the start-up benchmark (test/bench/gnome-window.bench.mjs): with LTSP_UPDATE_TIMING=1,
// say on stderr when the window's first frame is painted. Off by default; costs nothing then.
import type { Gtk } from './gi.js';

/** Print "first-paint" once `window` has painted its first frame, when timing is asked for. */
export function reportFirstPaint(window: InstanceType<typeof Gtk.Window>, env: NodeJS.ProcessEnv = process.env): void {
  if (env['LTSP_UPDATE_TIMING'] !== '1') return;
  let reported = false;
  window.on('map', () => {
    window.getFrameClock()?.on('after-paint', () => {
      if (reported) return;
      reported = true;
      process.stderr.write('first-paint\n');
    });
  });
}
