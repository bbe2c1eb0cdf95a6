// The KDE application: the window shows the status cache at once, then checks in the background.
// It never runs as root: the engine is reached through pkexec (directly when already root).
import { readStatusCache, runEngine } from '@ltsp-update/engine/client';
import { UpdatesModel } from '@ltsp-update/engine/view-model';
import { translator } from './i18n.js';
import { startEventPump, WidgetEventTypes } from './qt.js';
import { UpdatesWindow } from './window.js';

/** Open the window and handle its events until it is closed (and any run it started is done). */
export function startApplication(env: NodeJS.ProcessEnv = process.env): UpdatesWindow {
  const stateDir = env['LTSP_UPDATE_STATE_DIR'] || '/var/lib/ltsp-update';
  const model = new UpdatesModel({
    readStatus: () => readStatusCache(stateDir).chroots,
    run: (args) => runEngine(args, { env }),
    translator,
  });
  model.load();
  const window = new UpdatesWindow(model);
  reportFirstPaint(window, env);

  // Closing the window never kills a run: Qt hides it, and the process ends once the engine is
  // done. (Qt's lastWindowClosed never reaches nodegui on plain node; the Close event does.)
  window.window.addEventListener(WidgetEventTypes.Close, () => {
    if (!model.busy) process.exit(0);
    const stop = model.subscribe(() => {
      if (model.busy) return;
      stop();
      process.exit(0);
    });
  });
  window.window.show();
  const pump = startEventPump(window.window);
  // The engine's events change widgets from outside Qt's loop: have Qt paint them soon.
  window.onRendered(() => pump.wake());
  if (env['LTSP_UPDATE_NO_CHECK'] !== '1') void model.check();
  return window;
}

/** For the start-up benchmark (test/bench/kde-window.bench.mjs): with LTSP_UPDATE_TIMING=1, say "first-paint" on stderr after the first paint. */
function reportFirstPaint(window: UpdatesWindow, env: NodeJS.ProcessEnv): void {
  if (env['LTSP_UPDATE_TIMING'] !== '1') return;
  let reported = false;
  window.window.addEventListener(WidgetEventTypes.Paint, () => {
    if (reported) return;
    reported = true;
    // After this paint has reached the screen: the next turn of node's loop.
    setImmediate(() => process.stderr.write('first-paint\n'));
  }, { afterDefault: true });
}
