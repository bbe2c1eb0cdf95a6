// The engine's own .mo reader against msgfmt's real output: the project's Greek and Catalan
// catalogues (compiled here from po/) read to exactly what gettext-parser reads, contexts,
// plurals and both byte orders included; a file that is cut, foreign or not UTF-8 is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mo } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { parseMoCatalogue } from '../../src/text/mo-catalogue.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'mo-'));

function compile(po: string, ...flags: string[]): Buffer {
  const out = path.join(scratch, `${path.basename(po)}${flags.join('')}.mo`);
  execFileSync('msgfmt', [...flags, '-o', out, po]);
  return readFileSync(out);
}

/** gettext-parser's reading, without the header entry's parsed headers (node-gettext does not read them). */
function expected(buffer: Buffer): Record<string, Record<string, unknown>> {
  const { translations } = mo.parse(buffer);
  return translations as Record<string, Record<string, unknown>>;
}

describe('the .mo reader', () => {
  for (const language of ['el', 'ca']) {
    it(`reads the ${language} catalogue exactly as gettext-parser does`, () => {
      const buffer = compile(path.join(repo, 'po', `${language}.po`));
      const parsed = parseMoCatalogue(buffer);
      expect(parsed?.translations).toEqual(expected(buffer));
      expect(Object.keys(parsed?.translations[''] ?? {}).length).toBeGreaterThan(300);
    });
  }

  it('reads contexts, plurals and a big-endian file', () => {
    const po = path.join(scratch, 'de.po');
    writeFileSync(po, [
      'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '',
      'msgctxt "button"', 'msgid "Update"', 'msgstr "Aktualisieren"', '',
      'msgid "{count} update"', 'msgid_plural "{count} updates"', 'msgstr[0] "{count} Aktualisierung"', 'msgstr[1] "{count} Aktualisierungen"', '',
    ].join('\n'));
    for (const flags of [[], ['--endianness=big']]) {
      const buffer = compile(po, ...flags);
      const parsed = parseMoCatalogue(buffer);
      expect(parsed?.translations).toEqual(expected(buffer));
      expect(parsed?.translations['button']?.['Update']).toEqual({ msgctxt: 'button', msgid: 'Update', msgstr: ['Aktualisieren'] });
      expect(parsed?.translations['']?.['{count} update']?.msgstr).toEqual(['{count} Aktualisierung', '{count} Aktualisierungen']);
    }
  });

  it('refuses a cut file, another format and a catalogue in another charset', () => {
    const buffer = compile(path.join(repo, 'po', 'ca.po'));
    expect(parseMoCatalogue(buffer.subarray(0, buffer.length - 100))).toBeUndefined();
    expect(parseMoCatalogue(Buffer.from('msgid "x"\nmsgstr "y"\n'.repeat(4)))).toBeUndefined();
    const latin1 = path.join(scratch, 'fr.po');
    writeFileSync(latin1, Buffer.concat([
      Buffer.from('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Update"\nmsgstr "Mettre '),
      Buffer.from([0xe0]), Buffer.from(' jour"\n'),
    ]));
    expect(parseMoCatalogue(compile(latin1))).toBeUndefined();
  });
});
