// The one translation loader of the project: the CLI, the notifier and both windows read
// <locale dir>/<language>/LC_MESSAGES/ltsp-update.mo (text/mo-catalogue.ts), and node-gettext does
// the lookups and the plural rules. _(), _f() and _n() mark strings for xgettext
// (scripts/update-pot.sh) and translate them into the language of this process's environment.
// node-gettext, with its table of every language's plural rules, is loaded only by a process that
// has a catalogue to read: it cost about 5 ms of each start of ltsp-chroot in English.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMoCatalogue, type Catalogue } from './mo-catalogue.js';
import { fill, untranslated, type PlaceholderValue, type Translator } from './translator.js';

export const textDomain = 'ltsp-update';

/** The languages to try, most wanted first, the way GNU gettext reads the environment ("de_DE", then "de"). */
export function wantedLanguages(env: NodeJS.ProcessEnv): string[] {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  // LANGUAGE (a list) counts only when a locale is set at all, and not C, as in GNU gettext.
  const names = locale && !/^(C|POSIX)([.@]|$)/.test(locale) ? [...(env['LANGUAGE'] || '').split(':'), locale] : [];
  const languages: string[] = [];
  for (const name of names) {
    const base = name.replace(/[.@].*$/, '');
    // What is no language name (a slash, a space) is passed over: it becomes part of a file's path.
    for (const candidate of [base, base.split('_')[0] ?? '']) if (isLanguageName(candidate) && !languages.includes(candidate)) languages.push(candidate);
  }
  return languages;
}

/**
 * Where catalogues are looked for: TEXTDOMAINDIR alone when it is set; else, when this code runs
 * from a git checkout (a folder above it holds po/LINGUAS), the checkout's build/i18n/locale
 * (scripts/build-translations.sh), then /usr/share/locale, where the Debian packages put them.
 */
export function localeDirs(env: NodeJS.ProcessEnv = process.env, from = path.dirname(fileURLToPath(import.meta.url))): string[] {
  if (env['TEXTDOMAINDIR']) return [env['TEXTDOMAINDIR']];
  const checkout = checkoutOf(from);
  return [...(checkout === undefined ? [] : [path.join(checkout, 'build/i18n/locale')]), '/usr/share/locale'];
}

function checkoutOf(folder: string): string | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'po/LINGUAS')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The catalogue of the first wanted language found in one of `dirs`; a damaged one is as good as none. */
function findCatalogue(env: NodeJS.ProcessEnv, dirs: readonly string[]): { language: string; catalogue: Catalogue } | undefined {
  for (const wanted of wantedLanguages(env)) {
    for (const dir of dirs) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(dir, wanted, 'LC_MESSAGES', `${textDomain}.mo`));
      } catch {
        continue;
      }
      const catalogue = parseMoCatalogue(bytes);
      if (catalogue !== undefined) return { language: wanted, catalogue };
    }
  }
  return undefined;
}

/** A translator for the first wanted language with a catalogue in one of `dirs` (else English as written). */
export async function loadTranslator(env: NodeJS.ProcessEnv = process.env, dirs: readonly string[] = localeDirs(env)): Promise<Translator & { language: string | undefined }> {
  const found = findCatalogue(env, dirs);
  if (found === undefined) return { ...untranslated, language: undefined };
  const { default: Gettext } = await import('node-gettext');
  const gettext = new Gettext();
  gettext.setTextDomain(textDomain);
  gettext.addTranslations(found.language, textDomain, found.catalogue);
  gettext.setLocale(found.language);
  return {
    language: found.language,
    gettext: (text) => gettext.gettext(text),
    ngettext: (singular, plural, count) => gettext.ngettext(singular, plural, count),
  };
}

// The environment's catalogue is read while this module loads, so _() can stay synchronous.
let processTranslator: Translator = await loadTranslator();

/** A language name as --language takes it ("el", "ca_ES", "sr@latin"): never a path. */
export function isLanguageName(value: string): boolean {
  return /^[a-z]{2,3}(_[A-Z]{2})?(@[a-z]+)?$/.test(value);
}

/**
 * Speak `language` from now on, whatever the environment says: the windows pass theirs with
 * --language, because pkexec clears the environment of the engine it starts.
 */
export async function useLanguage(language: string): Promise<void> {
  processTranslator = await loadTranslator({ ...process.env, LC_ALL: language, LANGUAGE: '' });
}

/** The translator of this process's environment (or of --language). */
export function translator(): Translator {
  return processTranslator;
}

/** The translation of `text` in this process's language, or `text`. */
export function _(text: string): string {
  return translator().gettext(text);
}

/** The translation of `text` with its {placeholders} filled in from `values`. */
export function _f(text: string, values: Record<string, PlaceholderValue>): string {
  return fill(translator().gettext(text), values);
}

/** The form of `singular`/`plural` for `count`, its {count} and other {placeholders} filled in. */
export function _n(singular: string, plural: string, count: number, values: Record<string, PlaceholderValue> = {}): string {
  return fill(translator().ngettext(singular, plural, count), { count, ...values });
}

/** Marks `text` for xgettext where it is written (a table), to be translated with _() where it is shown. */
export function N_(text: string): string {
  return text;
}

/** Marks a singular and plural pair for xgettext where it is written, to be translated with _n() where it is shown. */
export function Nn_(singular: string, plural: string): readonly [singular: string, plural: string] {
  return [singular, plural];
}
