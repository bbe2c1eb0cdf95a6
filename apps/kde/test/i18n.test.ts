// The KDE window's strings come from the installed catalogue (the GNOME window's, ltsp-update.mo),
// in the language of the environment, plural forms included.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { domain, loadCatalogue, wantedLanguages } from '../src/i18n.js';

/** A German catalogue compiled by the real msgfmt into LOCALEDIR/de/LC_MESSAGES. */
function germanCatalogue(): string {
  const localeDir = mkdtempSync(path.join(tmpdir(), 'locale-'));
  const messages = path.join(localeDir, 'de', 'LC_MESSAGES');
  mkdirSync(messages, { recursive: true });
  const po = path.join(localeDir, 'de.po');
  writeFileSync(po, [
    'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '',
    'msgid "Update All"', 'msgstr "Alle aktualisieren"', '',
    'msgid "{count} update"', 'msgid_plural "{count} updates"', 'msgstr[0] "{count} Aktualisierung"', 'msgstr[1] "{count} Aktualisierungen"', '',
  ].join('\n'));
  execFileSync('msgfmt', ['-o', path.join(messages, `${domain}.mo`), po]);
  return localeDir;
}

describe('translatable strings', () => {
  it('are looked up in the catalogue of the environment’s language, with plurals', () => {
    const catalogue = loadCatalogue({ LANG: 'de_DE.UTF-8' }, germanCatalogue());
    expect(catalogue.gettext('Update All')).toBe('Alle aktualisieren');
    expect(catalogue.ngettext('{count} update', '{count} updates', 1)).toBe('{count} Aktualisierung');
    expect(catalogue.ngettext('{count} update', '{count} updates', 3)).toBe('{count} Aktualisierungen');
    expect(catalogue.gettext('Check Again')).toBe('Check Again');
  });

  it('stay English without a catalogue, and for the C locale', () => {
    expect(loadCatalogue({ LANG: 'fr_FR.UTF-8' }, germanCatalogue()).gettext('Update All')).toBe('Update All');
    expect(wantedLanguages({ LANG: 'C', LANGUAGE: 'de' })).toEqual([]);
    expect(wantedLanguages({ LANG: 'pt_BR.UTF-8', LANGUAGE: 'de_AT:fr' })).toEqual(['de_AT', 'de', 'fr', 'pt_BR', 'pt']);
  });
});
