import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChrootStatus } from '../../src/protocol/status.js';
import { readStatusCache, statusCachePath, writeChrootStatuses } from '../../src/status/status-cache.js';

// Entries of chroots that are gone are dropped, so the statuses point at folders that exist.
const root = mkdtempSync(path.join(tmpdir(), 'chroots-'));

function status(name: string, pending: number): ChrootStatus {
  mkdirSync(path.join(root, name), { recursive: true });
  return {
    kind: 'chroot', name, path: path.join(root, name), arch: 'amd64', verdict: 'native', verdictReason: 'runs natively', distribution: 'debian', release: 'bookworm',
    securityRules: 'debian', pending, security: 0, downloadBytes: 0, packages: [], held: [], keptBack: [],
  keptBackReasons: [], packageManager: null, mode: 'dist-upgrade',
    nextRelease: null, behindServer: false, rebootRequired: false, image: null, aptInputs: null, lastCheck: '2026-11-26T00:00:00.000Z', lastRefresh: null, lastUpgrade: null, lastError: null,
  };
}

describe('the status cache', () => {
  it('replaces the entries it is given and keeps the others, leaving no temp file', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'status-'));
    await writeChrootStatuses(state, [status('a', 1), status('b', 2)]);
    await writeChrootStatuses(state, [status('b', 0)]);
    const cache = readStatusCache(state);
    expect(cache.chroots.map((entry) => [entry.name, entry.pending])).toEqual([['a', 1], ['b', 0]]);
    expect((await readdir(state)).sort()).toEqual(['status.json', 'status.lock']);
  });

  it('drops the entry of a chroot that was removed', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'status-'));
    await writeChrootStatuses(state, [status('gone', 1), status('kept', 2)]);
    rmSync(path.join(root, 'gone'), { recursive: true });
    await writeChrootStatuses(state, [status('kept', 0)]);
    expect(readStatusCache(state).chroots.map((entry) => entry.name)).toEqual(['kept']);
  });

  it('keeps every write when several happen at once', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'status-'));
    await Promise.all(Array.from({ length: 10 }, (_, i) => writeChrootStatuses(state, [status(`c${i}`, i)])));
    expect(readStatusCache(state).chroots).toHaveLength(10);
  });

  it('reads a missing or foreign file as empty rather than failing', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'status-'));
    expect(readStatusCache(state).chroots).toEqual([]);
    await writeFile(statusCachePath(state), JSON.stringify({ v: 99, chroots: 'nope' }));
    expect(readStatusCache(state).chroots).toEqual([]);
    expect(JSON.parse(await readFile(statusCachePath(state), 'utf8')).v).toBe(99);
  });
});

describe('a status cache that cannot be read', () => {
  it('is set aside with a message and written afresh; readers see an empty cache meanwhile', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'status-'));
    await writeFile(statusCachePath(state), '{"v": 1, "chroots": [tru');
    expect(readStatusCache(state).chroots).toEqual([]);
    const warnings: string[] = [];
    await writeChrootStatuses(state, [status('c', 3)], (message) => warnings.push(message));
    expect(warnings).toHaveLength(1);
    const aside = /kept as (\S+),/.exec(warnings[0] as string)?.[1] as string;
    expect(await readFile(aside, 'utf8')).toBe('{"v": 1, "chroots": [tru');
    expect(readStatusCache(state).chroots.map((entry) => entry.name)).toEqual(['c']);
    // A missing cache is no fault: nothing is set aside, nothing is said.
    const fresh = await mkdtemp(path.join(tmpdir(), 'status-'));
    await writeChrootStatuses(fresh, [status('d', 0)], (message) => warnings.push(message));
    expect(warnings).toHaveLength(1);
  });
});
