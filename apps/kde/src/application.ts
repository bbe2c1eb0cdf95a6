// The KDE application: the window shows the status cache at once, then checks in the background.
// It never runs as root: the engine is reached through pkexec (directly when already root).
import { defaults, readStatusCache, runEngine } from '@ltsp-update/engine/client';
import { UpdatesModel } from '@ltsp-update/engine/view-model';
import { reportFirstPaint } from './first-paint.js';
import { translator } from './i18n.js';
import { startEventPump, WidgetEventTypes } from './qt.js';
import { UpdatesWindow } from './window.js';

/** Open the window and handle its events until it is closed (and any run it started is done). */
export function startApplication(env: NodeJS.ProcessEnv = process.env): UpdatesWindow {
  const stateDir = env['LTSP_UPDATE_STATE_DIR'] || defaults.stateDir;
  const model = new UpdatesModel({
    readStatus: () => readStatusCache(stateDir).chroots,
    run: (args) => runEngine(args, { env }),
    translator,
  });
  model.load();
  const window = new UpdatesWindow(model);
  reportFirstPaint(window.window, env);

  // Closing the window never kills a run: Qt hides it, and the process ends once the engine is
  // done. (Qt's lastWindowClosed never reaches nodegui on plain node; the Close event does.)
  window.window.addEventListener(WidgetEventTypes.Close, () => void model.idle().then(() => process.exit(0)));
  window.window.show();
  const pump = startEventPump(window.window);
  // The engine's events change widgets from outside Qt's loop: have Qt paint them soon.
  window.onRendered(() => pump.wake());
  if (env['LTSP_UPDATE_NO_CHECK'] !== '1') void model.check();
  return window;
}
