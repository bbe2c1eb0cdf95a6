// The GNOME application: the window shows the status cache at once, then checks in the background.
// It never runs as root: the engine is reached through pkexec (directly when already root).
import { createUpdatesModel } from '@ltsp-update/engine/client';
import { Adw, Gio } from './gi.js';
import { reportFirstPaint } from './first-paint.js';
import { translator } from './i18n.js';
import { UpdatesWindow } from './window.js';

export const applicationId = 'org.ltsp.UpdateManager';

/** Start the application; resolves once GTK's main loop runs. */
export function startApplication(env: NodeJS.ProcessEnv = process.env): void {
  const model = createUpdatesModel(translator, env);
  // Default flags: GApplication owns org.ltsp.UpdateManager on the session bus, so a second
  // launch (or D-Bus activation, see data/org.ltsp.UpdateManager.service) activates this one.
  const application = new Adw.Application({ applicationId, flags: Gio.ApplicationFlags.FLAGS_NONE });
  // GNOME's usual keys: Ctrl+W closes the window (a run goes on, see below), Ctrl+Q quits.
  application.setAccelsForAction('window.close', ['<Control>w']);
  let shown: UpdatesWindow | undefined;
  application.on('activate', () => {
    // Launched again, or activated over D-Bus: raise the window there is (hidden while a run
    // finishes, too), never a second one.
    if (shown) {
      shown.widget.present();
      return;
    }
    const window = new UpdatesWindow(application, model);
    shown = window;
    // The model says whether the window may go now; else it only hides (a hidden window still
    // keeps the application alive) and goes for good once the run is done, ending the application.
    window.widget.on('close-request', () => {
      const closing = model.close();
      if (closing.now) return false;
      window.widget.setVisible(false);
      void closing.done.then(() => window.widget.destroy());
      return true;
    });
    reportFirstPaint(window.widget, env);
    window.widget.present();
    // The status cache is read now, before GTK's first paint; the quiet check follows.
    model.start();
  });
  // A second launch finds the first on the bus: it asks it to show its window and goes, with 0.
  // (Under ESM node-gtk's run() returns at once and would leave this process waiting forever.)
  application.register(null);
  if (application.getIsRemote()) {
    application.activate();
    application.getDbusConnection()?.flushSync(null);
    process.exit(0);
  }
  // GApplication's own options: --gapplication-service, which D-Bus activation starts it with.
  // argv[0] becomes GLib's program name (AT-SPI's name for the app): the command's, not the script's.
  application.run(['ltsp-update-gnome', ...process.argv.slice(2)]);
}
