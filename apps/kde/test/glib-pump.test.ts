// The window's pump with real Qt (offscreen), in a child node of its own: Qt loaded into a test
// worker would abort its exit. fixtures/qt-turns.mjs runs the built dist/qt.js (the kde
// package's test task builds it first).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Turns {
  turns: number;
  paints: number;
  timerEvents: number;
}
interface Seen {
  kind: 'glib' | 'timer';
  idle: Turns;
  changed: Turns;
  paintedAfterMs: number;
  timer: Turns;
  afterTimer: Turns;
}

const fixture = path.join(import.meta.dirname, 'fixtures/qt-turns.mjs');

function run(env: NodeJS.ProcessEnv = {}): Seen {
  const out = execFileSync(process.execPath, [fixture], {
    encoding: 'utf8',
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QT_NO_GLIB: '', QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '', ...env },
    timeout: 30_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as Seen;
}

describe('the Qt event pump', () => {
  it('turns Qt only when it has work: never while idle, once a tick of a Qt timer, and at once for a widget changed from outside Qt', () => {
    const seen = run();
    expect(seen.kind).toBe('glib');
    expect(seen.idle.turns).toBe(0);
    // setText posts Qt an update request, which wakes the watch: no wake() needed.
    expect(seen.changed.paints).toBeGreaterThanOrEqual(1);
    expect(seen.paintedAfterMs).toBeGreaterThanOrEqual(0);
    expect(seen.paintedAfterMs).toBeLessThan(100);
    expect(seen.changed.turns).toBeLessThanOrEqual(5);
    // A 100 ms timer over a second: 9 or 10 ticks (the first is due 100 ms after the start), and
    // about one turn each.
    expect(seen.timer.timerEvents).toBeGreaterThanOrEqual(9);
    expect(seen.timer.timerEvents).toBeLessThanOrEqual(10);
    expect(seen.timer.turns).toBeGreaterThanOrEqual(seen.timer.timerEvents);
    expect(seen.timer.turns).toBeLessThanOrEqual(seen.timer.timerEvents + 3);
    expect(seen.afterTimer).toEqual({ turns: 0, paints: 0, timerEvents: 0 });
  }, 30_000);

  it('falls back to the timer pump when Qt is not on GLib (QT_NO_GLIB)', () => {
    const seen = run({ QT_NO_GLIB: '1' });
    expect(seen.kind).toBe('timer');
    // Every 50 ms while idle.
    expect(seen.idle.turns).toBeGreaterThanOrEqual(15);
    expect(seen.timer.timerEvents).toBeGreaterThanOrEqual(9);
  }, 30_000);
});
