// Translatable strings: _() marks them for xgettext (po/ltsp-update.pot) and looks them up at run time.
import { GLib } from './gi.js';

export const domain = 'ltsp-update';

/** The translation of `text` in the user's language, or `text`. */
export function _(text: string): string {
  return GLib.dgettext(domain, text);
}
