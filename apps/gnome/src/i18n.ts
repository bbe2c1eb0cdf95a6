// Translatable strings, through GLib's gettext: _() marks them for xgettext
// (scripts/update-pot.sh writes po/ltsp-update.pot) and looks them up at run time;
// `translator` hands the same catalogue to the shared model.
import type { Translator } from '@ltsp-update/engine/view-model';
import { GLib } from './gi.js';

export const domain = 'ltsp-update';

/** The translation of `text` in the user's language, or `text`. */
export function _(text: string): string {
  return GLib.dgettext(domain, text);
}

export const translator: Translator = {
  gettext: _,
  ngettext: (singular, plural, count) => GLib.dngettext(domain, singular, plural, count),
};
