import { describe, expect, it } from 'vitest';
import { formatAge, formatSize } from '../../src/cli/format.js';

describe('text formats', () => {
  it('says ages in the unit a person would', () => {
    expect([45, 600, 3 * 3600, 5 * 86400].map(formatAge)).toEqual(['45 s', '10 min', '3 h', '5 days']);
  });

  it('says sizes in decimal units, as apt does', () => {
    expect([512, 4096, 78_000_000, 1_500_000_000].map(formatSize)).toEqual(['512 B', '4 kB', '78 MB', '1.5 GB']);
  });
});
