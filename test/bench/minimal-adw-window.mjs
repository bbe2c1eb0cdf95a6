// The baseline of the GNOME window's start-up benchmark: the least a libadwaita window can be
// (node-gtk, an Adw.Application, a window with a header bar and a label), reporting its first
// painted frame the same way the update window does.
import gi from 'node-gtk';
import { reportFirstPaint } from '../../apps/gnome/dist/first-paint.js';

const Adw = gi.require('Adw', '1');
const Gio = gi.require('Gio', '2.0');
const Gtk = gi.require('Gtk', '4.0');

const application = new Adw.Application({ applicationId: 'org.ltsp.UpdateManager.Baseline', flags: Gio.ApplicationFlags.NON_UNIQUE });
application.on('activate', () => {
  const window = new Adw.ApplicationWindow({ application, title: 'Baseline', defaultWidth: 760, defaultHeight: 640 });
  const page = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
  page.append(new Adw.HeaderBar());
  page.append(new Gtk.Label({ label: 'Hello', vexpand: true }));
  window.setContent(page);
  reportFirstPaint(window);
  window.present();
});
application.run([]);
