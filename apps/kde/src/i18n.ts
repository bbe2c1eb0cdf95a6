// Translatable strings: _() marks them for xgettext (scripts/update-pot.sh writes
// po/ltsp-update.pot, shared with the GNOME window) and looks them up in the installed catalogue,
// <locale dir>/<language>/LC_MESSAGES/ltsp-update.mo, read with gettext-parser; node-gettext does
// the lookups and the plural rules. `translator` hands the same catalogue to the shared model.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Translator } from '@ltsp-update/engine/view-model';
import { mo } from 'gettext-parser';
import Gettext from 'node-gettext';

export const domain = 'ltsp-update';

/** The languages to try, most wanted first, the way gettext reads the environment ("de_DE", then "de"). */
export function wantedLanguages(env: NodeJS.ProcessEnv): string[] {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  // LANGUAGE (a list) counts only when a locale is set at all, as in GNU gettext.
  const names = locale && locale !== 'C' && locale !== 'POSIX' ? [...(env['LANGUAGE'] || '').split(':'), locale] : [];
  const languages: string[] = [];
  for (const name of names) {
    const base = name.replace(/[.@].*$/, '');
    for (const candidate of [base, base.split('_')[0] ?? '']) if (candidate && !languages.includes(candidate)) languages.push(candidate);
  }
  return languages;
}

/** A gettext for the first wanted language with a catalogue in `localeDir` (else English as written). */
export function loadCatalogue(env: NodeJS.ProcessEnv = process.env, localeDir = env['TEXTDOMAINDIR'] || '/usr/share/locale'): Gettext {
  const gettext = new Gettext();
  gettext.setTextDomain(domain);
  for (const language of wantedLanguages(env)) {
    let catalogue: Buffer;
    try {
      catalogue = readFileSync(path.join(localeDir, language, 'LC_MESSAGES', `${domain}.mo`));
    } catch {
      continue;
    }
    gettext.addTranslations(language, domain, mo.parse(catalogue));
    gettext.setLocale(language);
    break;
  }
  return gettext;
}

const catalogue = loadCatalogue();

/** The translation of `text` in the user's language, or `text`. */
export function _(text: string): string {
  return catalogue.gettext(text);
}

export const translator: Translator = {
  gettext: _,
  ngettext: (singular, plural, count) => catalogue.ngettext(singular, plural, count),
};
