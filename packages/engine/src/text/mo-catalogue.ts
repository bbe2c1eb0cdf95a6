// Reads a compiled gettext catalogue (.mo) into the shape node-gettext takes. The format is the
// one the GNU gettext manual describes ("The Format of GNU MO Files"): a header of 32-bit words,
// then two tables of (length, offset) pairs, originals and translations, in the same order.
// Read here rather than with gettext-parser, whose MO reader pulls in iconv-lite for catalogues
// in other charsets: 800 kB that every start of ltsp-chroot compiled, though ours are UTF-8 only.

export interface CatalogueEntry {
  msgctxt?: string;
  msgid: string;
  msgid_plural?: string;
  msgstr: string[];
}

export interface Catalogue {
  charset: 'utf-8';
  /** Context ("" for none) → msgid → entry. */
  translations: Record<string, Record<string, CatalogueEntry>>;
}

const magic = 0x950412de;
// A catalogue bigger than this is not one of ours.
const largestCatalogue = 16 * 1024 * 1024;

/** The catalogue in `buffer`, or undefined when it is not a UTF-8 .mo file that holds together. */
export function parseMoCatalogue(buffer: Buffer): Catalogue | undefined {
  if (buffer.length < 28 || buffer.length > largestCatalogue) return undefined;
  const littleEndian = buffer.readUInt32LE(0) === magic;
  if (!littleEndian && buffer.readUInt32BE(0) !== magic) return undefined;
  const word = (at: number): number => (littleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
  // Only major revision 0 exists; a newer one may lay its tables out differently.
  if (word(4) >>> 16 !== 0) return undefined;
  const count = word(8);
  const originals = word(12);
  const translated = word(16);
  if (originals + count * 8 > buffer.length || translated + count * 8 > buffer.length) return undefined;
  const text = (table: number, index: number): string | undefined => {
    const length = word(table + index * 8);
    const offset = word(table + index * 8 + 4);
    return offset + length > buffer.length ? undefined : buffer.toString('utf8', offset, offset + length);
  };
  const translations: Catalogue['translations'] = {};
  for (let index = 0; index < count; index++) {
    const original = text(originals, index);
    const translation = text(translated, index);
    if (original === undefined || translation === undefined) return undefined;
    if (original === '' && !/charset=utf-8/i.test(translation)) return undefined;
    // "context\u0004msgid\0plural" and "msgstr[0]\0msgstr[1]…"
    const split = original.indexOf('\u0004');
    const msgctxt = split < 0 ? '' : original.slice(0, split);
    const [msgid = '', msgidPlural] = (split < 0 ? original : original.slice(split + 1)).split('\0');
    const entry: CatalogueEntry = { msgid, msgstr: translation.split('\0') };
    if (msgctxt !== '') entry.msgctxt = msgctxt;
    if (msgidPlural !== undefined) entry.msgid_plural = msgidPlural;
    (translations[msgctxt] ??= {})[msgid] = entry;
  }
  return { charset: 'utf-8', translations };
}
