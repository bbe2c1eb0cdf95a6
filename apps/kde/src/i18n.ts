// Translatable strings: _() marks them for xgettext (scripts/update-pot.sh writes
// po/ltsp-update.pot, shared with the GNOME window, the CLI and the notifier) and looks them up in
// the catalogue the engine's one loader finds for the environment's language; `translator` hands
// the same catalogue to the shared model.
import { loadTranslator } from '@ltsp-update/engine/i18n';
import type { Translator } from '@ltsp-update/engine/view-model';

export const translator: Translator = await loadTranslator();

/** The translation of `text` in the user's language, or `text`. */
export function _(text: string): string {
  return translator.gettext(text);
}
