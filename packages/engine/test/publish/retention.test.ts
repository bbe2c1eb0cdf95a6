import { describe, expect, it } from 'vitest';
import { versionsToRemove } from '../../src/publish/retention.js';
import type { StoredVersion } from '../../src/publish/version-store.js';

const now = Date.parse('2026-12-03T12:00:00Z');
const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();

function version(name: string, options: { liveUntil?: string; refused?: string } = {}): StoredVersion {
  return {
    meta: { version: name, created: daysAgo(10), kernel: '6.1.0-1-amd64', packages: {}, refused: options.refused ?? null, liveFrom: null, liveUntil: options.liveUntil ?? null },
    image: `/srv/ltsp/images/x.versions/${name}.img`,
    sizeBytes: 1,
    ino: 1,
    boot: '/srv/tftp/ltsp/x.versions/' + name,
  };
}

const names = (versions: StoredVersion[]) => versions.map((entry) => entry.meta.version);

describe('which image versions retention removes', () => {
  const a = '20261101T000000Z';
  const b = '20261102T000000Z';
  const c = '20261103T000000Z';
  const d = '20261104T000000Z';

  it('keeps the newest KEEP_IMAGES and removes the older ones', () => {
    const versions = [version(a, { liveUntil: daysAgo(5) }), version(b, { liveUntil: daysAgo(4) }), version(c, { liveUntil: daysAgo(3) }), version(d)];
    expect(names(versionsToRemove(versions, d, 2, now))).toEqual([a, b]);
  });

  it('never removes the live version, even when it is the oldest (after a rollback)', () => {
    const versions = [version(a), version(b, { liveUntil: daysAgo(4) }), version(c, { liveUntil: daysAgo(3) })];
    expect(names(versionsToRemove(versions, a, 1, now))).toEqual([b]);
  });

  it('keeps a version that was live within the last day: clients may still read it', () => {
    const versions = [version(a, { liveUntil: daysAgo(0.5) }), version(b, { liveUntil: daysAgo(2) }), version(c)];
    expect(names(versionsToRemove(versions, c, 1, now))).toEqual([b]);
  });

  it('keeps only a refused version newer than every good one (for inspection)', () => {
    const versions = [version(a, { refused: 'no init' }), version(b, { liveUntil: daysAgo(2) }), version(c), version(d, { refused: 'no modules' })];
    expect(names(versionsToRemove(versions, c, 3, now))).toEqual([a]);
    expect(names(versionsToRemove([...versions, version('20261105T000000Z')], '20261105T000000Z', 3, now))).toEqual([a, d]);
  });

  it('keeps at least one version whatever KEEP_IMAGES says', () => {
    expect(names(versionsToRemove([version(a, { liveUntil: daysAgo(3) }), version(b, { liveUntil: daysAgo(2) })], undefined, 0, now))).toEqual([a]);
  });
});
