// roff escaping: a description never becomes a request or an escape.
import { describe, expect, it } from 'vitest';
import { roffArgument, roffFlags, roffText } from '../../src/cli/docs/roff.js';

describe('roffText', () => {
  it('escapes hyphens and backslashes', () => {
    expect(roffText('--base-dir C:\\x')).toBe('\\-\\-base\\-dir C:\\ex');
  });
  it('keeps a leading dot or apostrophe as text', () => {
    expect(roffText(".TH evil\n'br\nok")).toBe("\\&.TH evil\n\\&'br\nok");
  });
  it('names typographic characters and codes other non-ASCII', () => {
    expect(roffText('a… b — c é')).toBe('a... b \\(em c \\[u00E9]');
  });
  it('quotes macro arguments', () => {
    expect(roffArgument('say "hi"')).toBe('"say \\(dqhi\\(dq"');
  });
  it('sets flags bold and values italic', () => {
    expect(roffFlags('-V, --version')).toBe('\\fB\\-V\\fR, \\fB\\-\\-version\\fR');
  });
});
