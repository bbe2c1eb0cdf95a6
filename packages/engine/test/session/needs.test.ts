import { describe, expect, it } from 'vitest';
import { followNeeds, setUpFor, type SetUp } from '../../src/session/needs.js';

describe('following needs', () => {
  it('redoes the set-up only when the next need sets up something else', async () => {
    const redone: Readonly<SetUp>[] = [];
    const move = followNeeds(setUpFor.install, async (next) => {
      redone.push(next);
    });
    for (const need of ['install', 'fetch', 'fetch', 'lock', 'read', 'install'] as const) await move(need);
    expect(redone).toEqual([setUpFor.fetch, setUpFor.lock, setUpFor.install]);
  });

  it('redoes it after a set-up that failed, whatever the need', async () => {
    let fail = true;
    let redos = 0;
    const move = followNeeds(setUpFor.read, async () => {
      redos++;
      if (fail) throw new Error('refusing to mount the package cache');
    });
    await expect(move('fetch')).rejects.toThrow('package cache');
    fail = false;
    await move('read');
    await move('read');
    expect(redos).toBe(2);
  });

  it('sets up nothing for lock and read, the daemon guard only for install, the network only for fetch and install', () => {
    expect(setUpFor.lock).toEqual(setUpFor.read);
    expect(Object.values(setUpFor.read).some(Boolean)).toBe(false);
    expect(setUpFor.fetch).toEqual({ mountPackageCache: true, aptWrites: true, guardDaemons: false, network: true });
    expect(setUpFor.install).toEqual({ ...setUpFor.fetch, guardDaemons: true });
  });
});
