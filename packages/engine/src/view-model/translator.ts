// How the shared model's words reach the person's language: each window hands in its toolkit's
// gettext (GLib's for GNOME, a catalogue reader for KDE); the words are marked here with
// gettext/ngettext so xgettext collects them into po/ltsp-update.pot with the windows' own.

export interface Translator {
  gettext(text: string): string;
  /** The form of `singular`/`plural` for `count`, in languages with other plural rules too. */
  ngettext(singular: string, plural: string, count: number): string;
}

/** English as written: for tests and for a window without a catalogue. */
export const untranslated: Translator = {
  gettext: (text) => text,
  ngettext: (singular, plural, count) => (count === 1 ? singular : plural),
};

/** Put `values` into a translated text's {placeholders} (translators may move them). */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
