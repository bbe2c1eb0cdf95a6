// The model's words go through the window's gettext, plural forms included.
import { describe, expect, it } from 'vitest';
import { statusCacheSchema, type ChrootStatus } from '../../src/protocol/status.js';
import { fill, summaryLabel, UpdatesModel, type Translator } from '../../src/view-model/index.js';
import { fixtureText } from '../fixtures/read-fixture.js';

const [status] = statusCacheSchema.parse(JSON.parse(fixtureText('events/status-before.json'))).chroots as [ChrootStatus];

// A tiny German catalogue, with German's plural rule (the same as English's).
const german: Record<string, string | [string, string]> = {
  '{count} update': ['{count} Aktualisierung', '{count} Aktualisierungen'],
  '{updates} ({security} security)': '{updates} (davon {security} Sicherheit)',
  'Up to date': 'Aktuell',
};
const translator: Translator = {
  gettext: (text) => (typeof german[text] === 'string' ? german[text] : text),
  ngettext: (singular, plural, count) => {
    const forms = german[singular];
    return Array.isArray(forms) ? forms[count === 1 ? 0 : 1] : count === 1 ? singular : plural;
  },
};

describe('the model in another language', () => {
  it('says "N updates (M security)" in the window’s language, with the right plural', () => {
    expect(summaryLabel({ ...status, pending: 6, security: 6 }, translator)).toBe('6 Aktualisierungen (davon 6 Sicherheit)');
    expect(summaryLabel({ ...status, pending: 1, security: 0 }, translator)).toBe('1 Aktualisierung (davon 0 Sicherheit)');
    expect(summaryLabel({ ...status, pending: 1, security: 0 })).toBe('1 update (0 security)');
  });

  it('is handed the translator by the window', () => {
    const model = new UpdatesModel({ readStatus: () => [{ ...status, pending: 0, security: 0, packages: [] }], run: () => { throw new Error('no run'); }, translator });
    model.load();
    expect(model.state.chroots[0]?.summary).toBe('Aktuell');
  });

  it('leaves a placeholder it has no value for as it is', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
