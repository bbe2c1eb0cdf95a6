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
  const application = new Adw.Application({ applicationId, flags: Gio.ApplicationFlags.NON_UNIQUE });
  // GNOME's usual keys: Ctrl+W closes the window (a run goes on, see below), Ctrl+Q quits.
  application.setAccelsForAction('window.close', ['<Control>w']);
  application.on('activate', () => {
    const window = new UpdatesWindow(application, model);
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
  application.run([]);
}
