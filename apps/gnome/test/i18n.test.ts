import { describe, expect, it } from 'vitest';
import { _, domain } from '../src/i18n.js';

describe('translatable strings', () => {
  it('come back as they are in the C locale (the tests’ own)', () => {
    expect(domain).toBe('ltsp-update');
    expect(_('Update now')).toBe('Update now');
  });

  it('are all in the template that translators work from', async () => {
    const { readFile } = await import('node:fs/promises');
    const pot = await readFile(new URL('../../../po/ltsp-update.pot', import.meta.url), 'utf8');
    for (const text of ['Update now', 'Check Again', 'Upgrade…', 'Security updates', 'Other updates', 'Keep a copy to roll back to if the upgrade fails']) {
      expect(pot).toContain(`msgid "${text}"`);
    }
  });
});
