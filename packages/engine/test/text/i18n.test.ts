// The one loader of the CLI, the notifier and both windows: the catalogue (ltsp-update.mo) of the
// environment's language, plural forms included, from the checkout's build or the installed one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTranslator, localeDirs, textDomain as domain, wantedLanguages } from '../../src/text/i18n.js';

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
  it('are looked up in the catalogue of the environment’s language, with plurals', async () => {
    const catalogue = await loadTranslator({ LANG: 'de_DE.UTF-8' }, [germanCatalogue()]);
    expect(catalogue.gettext('Update All')).toBe('Alle aktualisieren');
    expect(catalogue.ngettext('{count} update', '{count} updates', 1)).toBe('{count} Aktualisierung');
    expect(catalogue.ngettext('{count} update', '{count} updates', 3)).toBe('{count} Aktualisierungen');
    expect(catalogue.gettext('Check Again')).toBe('Check Again');
  });

  it('stay English without a catalogue, and for the C locale', async () => {
    expect((await loadTranslator({ LANG: 'fr_FR.UTF-8' }, [germanCatalogue()])).gettext('Update All')).toBe('Update All');
    expect(wantedLanguages({ LANG: 'C', LANGUAGE: 'de' })).toEqual([]);
    expect(wantedLanguages({ LANG: 'pt_BR.UTF-8', LANGUAGE: 'de_AT:fr' })).toEqual(['de_AT', 'de', 'fr', 'pt_BR', 'pt']);
    // A name that is no language never becomes part of a catalogue's path.
    expect(wantedLanguages({ LANG: 'el_GR.UTF-8', LANGUAGE: 'x/../../etc:/tmp/de:ca' })).toEqual(['ca', 'el_GR', 'el']);
  });

  it('look in TEXTDOMAINDIR alone when it is set, else in a checkout’s build before /usr/share/locale', () => {
    expect(localeDirs({ TEXTDOMAINDIR: '/x' })).toEqual(['/x']);
    const repo = path.resolve(import.meta.dirname, '../../../..');
    expect(localeDirs({}, path.join(repo, 'packages/engine/dist'))).toEqual([path.join(repo, 'build/i18n/locale'), '/usr/share/locale']);
    expect(localeDirs({}, '/usr/lib/ltsp-update')).toEqual(['/usr/share/locale']);
  });
});
