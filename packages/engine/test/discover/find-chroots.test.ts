import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChroots } from '../../src/discover/find-chroots.js';

describe('findChroots', () => {
  it('skips the copies a release upgrade keeps beside a chroot', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'base-'));
    for (const name of ['lab', 'lab.snapshot-bookworm-2026-11-26T08-19-38-857Z', 'lab.failed-trixie-2026-11-26T09-00-00-000Z', 'lab.old', 'images']) {
      mkdirSync(path.join(base, name, 'proc'), { recursive: true });
    }
    const names = (await findChroots([{ dir: base, legacyDefault: false }])).map((chroot) => chroot.name);
    expect(names).toEqual(['lab', 'lab.old']);
  });

  it('puts the chroots in order by code units, as LC_ALL=C ls does', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'base-'));
    for (const name of ['classroom', 'b2', 'Lab', 'b10']) mkdirSync(path.join(base, name, 'proc'), { recursive: true });
    const names = (await findChroots([{ dir: base, legacyDefault: false }])).map((chroot) => chroot.name);
    expect(names).toEqual(['Lab', 'b10', 'b2', 'classroom']);
  });
});
