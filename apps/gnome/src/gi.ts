// The GObject libraries the window uses, loaded once through node-gtk.
import gi from 'node-gtk';

export const Gtk = gi.require('Gtk', '4.0');
export const Adw = gi.require('Adw', '1');
export const Gio = gi.require('Gio', '2.0');
export const GLib = gi.require('GLib', '2.0');
