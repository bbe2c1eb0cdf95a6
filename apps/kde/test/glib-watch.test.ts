// The glib-watch addon without Qt: plain GLib sources on the default main context (its test
// hooks) prove that it turns exactly when GLib has work, in a callback scope, and lets go.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { glibWatchPath, loadGlibWatch, type GlibWatch, type GlibWatchAddon } from '../src/glib-watch.js';

const loaded = loadGlibWatch();
if (loaded instanceof Error) throw new Error(`build the addon first (node apps/kde/native/build-addon.mjs): ${loaded.message}`);
const addon: GlibWatchAddon = loaded;
const { testing } = addon;

/** Run GLib's ready sources, as Qt's processEvents does. */
const iterateAll = () => {
  while (testing.iterate());
};

describe('the GLib watch', () => {
  let watch: GlibWatch | undefined;
  afterEach(() => watch?.stop());
  const start = (turn: () => void = iterateAll, rethrow: (error: unknown) => void = (error) => {
    throw error;
  }) => (watch = addon.watch(turn, rethrow));

  it('does not turn while GLib has nothing to do', async () => {
    const running = start();
    await sleep(1000);
    expect(running.turns).toBe(0);
  });

  it('turns once for each GLib timeout, when it is due, for sources added between turns', async () => {
    const at: number[] = [];
    const began = performance.now();
    const dispatched = testing.dispatched();
    const running = start(() => {
      at.push(performance.now() - began);
      iterateAll();
    });
    testing.addTimeout(100);
    testing.addTimeout(250);
    await sleep(400);
    expect(running.turns).toBe(2);
    expect(testing.dispatched() - dispatched).toBe(2);
    expect(at[0]).toBeGreaterThanOrEqual(99);
    expect(at[0]).toBeLessThan(150);
    expect(at[1]).toBeGreaterThanOrEqual(249);
    expect(at[1]).toBeLessThan(300);
  });

  it('turns at once for an idle source, and once only', async () => {
    const running = start();
    const dispatched = testing.dispatched();
    testing.addIdle();
    await sleep(20);
    expect(running.turns).toBe(1);
    await sleep(200);
    expect(running.turns).toBe(1);
    expect(testing.dispatched() - dispatched).toBe(1);
  });

  it('runs the turn in a callback scope: its next ticks and promise jobs run right after it', async () => {
    const order: string[] = [];
    start(() => {
      iterateAll();
      order.push('turn');
      setImmediate(() => order.push('immediate'));
      void Promise.resolve().then(() => order.push('promise'));
      process.nextTick(() => order.push('tick'));
    });
    testing.addIdle();
    await sleep(50);
    expect(order).toEqual(['turn', 'tick', 'promise', 'immediate']);
  });

  it('hands what a turn throws to rethrow, and goes on watching', async () => {
    const thrown: unknown[] = [];
    const running = start(() => {
      iterateAll();
      throw new Error(`turn ${running.turns} failed`);
    }, (error) => thrown.push(error));
    testing.addIdle();
    await sleep(20);
    testing.addTimeout(30);
    await sleep(100);
    expect(running.turns).toBe(2);
    expect(thrown.map((error) => (error as Error).message)).toEqual(['turn 1 failed', 'turn 2 failed']);
  });

  it('stops turning after stop()', async () => {
    const running = start();
    running.stop();
    testing.addIdle();
    await sleep(50);
    expect(running.turns).toBe(0);
    iterateAll();
  });

  it("keeps node's loop alive while it runs, and lets it go on stop()", () => {
    const script = (stop: boolean) => `const watch = require(${JSON.stringify(glibWatchPath())}).watch(() => {}, () => {}); ${stop ? 'watch.stop();' : ''}`;
    const stopped = spawnSync(process.execPath, ['-e', script(true)], { timeout: 5000 });
    expect(stopped.status).toBe(0);
    const running = spawnSync(process.execPath, ['-e', script(false)], { timeout: 1000 });
    expect(running.signal).toBe('SIGTERM');
  });
});
