// The KDE application: the window shows the status cache at once, then checks in the background.
// It never runs as root: the engine is reached through pkexec (directly when already root).
import { createUpdatesModel } from '@ltsp-update/engine/client';
import { reportFirstPaint } from './first-paint.js';
import { translator } from './i18n.js';
import { QApplication, startEventPump, WidgetEventTypes } from './qt.js';
import { UpdatesWindow } from './window.js';

/** The window's desktop entry, org.ltsp.UpdateManager.KDE.desktop, by the name Qt wants for it. */
export const desktopFileName = 'org.ltsp.UpdateManager.KDE';

/** Open the window and handle its events until it is closed (and any run it started is done). */
export function startApplication(env: NodeJS.ProcessEnv = process.env): UpdatesWindow {
  // The desktop file's name (without .desktop) ties the window to its launcher, icon and
  // metainfo: Plasma's task manager and portals go by it. Qt's application name is the process
  // title, ltsp-update-kde (see qt.ts); the display name is what a person reads in title bars.
  QApplication.setDesktopFileName(desktopFileName);
  QApplication.setApplicationDisplayName('LTSP Updates');
  const model = createUpdatesModel(translator, env);
  const window = new UpdatesWindow(model);
  reportFirstPaint(window.window, env);

  // Closing the window never kills a run: Qt hides it, and the process ends once the model says
  // the run is done. (Qt's lastWindowClosed never reaches nodegui on plain node; the Close event does.)
  window.window.addEventListener(WidgetEventTypes.Close, () => void model.close().done.then(() => process.exit(0)));
  window.window.show();
  const pump = startEventPump(window.window);
  // The engine's events change widgets from outside Qt's loop: have Qt paint them soon.
  window.onRendered(() => pump.wake());
  // The status cache is read now, before Qt's first paint; the quiet check follows.
  model.start();
  return window;
}
