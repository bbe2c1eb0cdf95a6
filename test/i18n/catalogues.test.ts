// The translations as translators and msgfmt see them: every language of po/LINGUAS complete,
// clean under `msgfmt -c --check-format`, and each translation keeps its source's {placeholders},
// so that the code can fill them in whichever order the language wants them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const languages = readFileSync(path.join(repo, 'po/LINGUAS'), 'utf8').replace(/#.*/g, '').split(/\s+/).filter(Boolean);

/** The {placeholders} of a text, sorted, each once. */
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

describe('po/LINGUAS', () => {
  it('lists Greek and Catalan', () => {
    expect(languages).toEqual(expect.arrayContaining(['el', 'ca']));
  });
});

describe.each(languages)('po/%s.po', (language) => {
  const file = path.join(repo, 'po', `${language}.po`);

  it('passes msgfmt -c --check-format with every message translated, none fuzzy', async () => {
    const result = await execa('msgfmt', ['-c', '--check-format', '--statistics', '-o', '/dev/null', file], { all: true, env: { LC_ALL: 'C.UTF-8' } });
    expect(result.all).toMatch(/^\d+ translated messages\.$/);
  });

  it('has every message of the template (msgcmp finds none missing)', async () => {
    const result = await execa('msgcmp', ['--use-untranslated', file, path.join(repo, 'po/ltsp-update.pot')], { reject: false, all: true });
    expect(result.all).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('keeps the placeholders of each message in every form, and has its language’s two plural forms', () => {
    const catalogue = po.parse(readFileSync(file));
    expect(catalogue.headers['Plural-Forms']).toBe('nplurals=2; plural=(n != 1);');
    const wrong: string[] = [];
    let count = 0;
    for (const entry of Object.values(catalogue.translations[''] ?? {}).filter((entry) => entry.msgid !== '')) {
      count++;
      const sources = entry.msgid_plural === undefined ? [entry.msgid] : [entry.msgid, entry.msgid_plural];
      expect(entry.msgstr, entry.msgid).toHaveLength(sources.length);
      entry.msgstr.forEach((form, index) => {
        if (form === '' || placeholders(form).join() !== placeholders(sources[index] as string).join()) wrong.push(`${entry.msgid} → ${form}`);
      });
    }
    expect(count).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
  });
});
