// Translatable strings: _() marks them for xgettext (scripts/update-pot.sh writes
// po/ltsp-update.pot) and looks them up in the catalogue the engine's one loader finds for the
// environment's language (GLib's gettext cannot be pointed at a checkout's catalogues: GLib's
// introspection data has no bindtextdomain); `translator` hands the same catalogue to the shared model.
import { loadTranslator, textDomain } from '@ltsp-update/engine/i18n';
import type { Translator } from '@ltsp-update/engine/view-model';

export const domain = textDomain;

export const translator: Translator = await loadTranslator();

/** The translation of `text` in the user's language, or `text`. */
export function _(text: string): string {
  return translator.gettext(text);
}
