// The GNOME application: the window shows the status cache at once, then checks in the background.
// It never runs as root: the engine is reached through pkexec (directly when already root).
import { defaults, readStatusCache, runEngine } from '@ltsp-update/engine/client';
import { UpdatesModel } from '@ltsp-update/engine/view-model';
import { Adw, Gio } from './gi.js';
import { reportFirstPaint } from './first-paint.js';
import { translator } from './i18n.js';
import { UpdatesWindow } from './window.js';

export const applicationId = 'org.ltsp.UpdateManager';

/** Start the application; resolves once GTK's main loop runs. */
export function startApplication(env: NodeJS.ProcessEnv = process.env): void {
  const stateDir = env['LTSP_UPDATE_STATE_DIR'] || defaults.stateDir;
  const model = new UpdatesModel({
    readStatus: () => readStatusCache(stateDir).chroots,
    run: (args) => runEngine(args, { env }),
    translator,
  });
  const application = new Adw.Application({ applicationId, flags: Gio.ApplicationFlags.NON_UNIQUE });
  // GNOME's usual keys: Ctrl+W closes the window (a run goes on, see below), Ctrl+Q quits.
  application.setAccelsForAction('window.close', ['<Control>w']);
  application.on('activate', () => {
    model.load();
    const window = new UpdatesWindow(application, model);
    // Closing the window never kills a run: the window only hides (a hidden window still keeps
    // the application alive) and goes for good once the engine is done, which ends the application.
    window.widget.on('close-request', () => {
      if (!model.busy) return false;
      window.widget.setVisible(false);
      void model.idle().then(() => window.widget.destroy());
      return true;
    });
    reportFirstPaint(window.widget, env);
    window.widget.present();
    if (env['LTSP_UPDATE_NO_CHECK'] !== '1') void model.check();
  });
  application.run([]);
}
