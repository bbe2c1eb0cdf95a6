// What a translation looks like to the code that uses one: gettext and ngettext, and named
// {placeholders} filled in after the lookup, so a translator may move them anywhere in a sentence.

export interface Translator {
  gettext(text: string): string;
  /** The form of `singular`/`plural` for `count`, in languages with other plural rules too. */
  ngettext(singular: string, plural: string, count: number): string;
}

/** English as written: for tests and for a process without a catalogue. */
export const untranslated: Translator = {
  gettext: (text) => text,
  ngettext: (singular, plural, count) => (count === 1 ? singular : plural),
};

/** What a {placeholder} takes; written the way a template literal writes it. */
export type PlaceholderValue = string | number | null | undefined;

/** Put `values` into a translated text's {placeholders} (translators may move them). */
export function fill(text: string, values: Record<string, PlaceholderValue>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
