import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventPump, type EventPump } from '../src/event-pump.js';

describe('the event pump', () => {
  let turns: number[];
  let pump: EventPump | undefined;
  const start = (options = {}) => {
    pump = createEventPump(() => turns.push(Date.now()), { now: () => Date.now(), ...options });
    return pump;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    turns = [];
  });
  afterEach(() => {
    pump?.stop();
    vi.useRealTimers();
  });

  it('turns at once, then every idleMs while nothing happens', () => {
    start({ idleMs: 50 });
    vi.advanceTimersByTime(200);
    expect(turns).toEqual([0, 50, 100, 150, 200]);
  });

  it('after wake() turns at once and every activeMs for holdMs, then slows down again', () => {
    start({ activeMs: 10, idleMs: 50, holdMs: 30 });
    vi.advanceTimersByTime(70);
    expect(turns).toEqual([0, 50]);
    pump?.wake();
    vi.advanceTimersByTime(200 - 70);
    // Woken at 70: the next turn is due 10 ms after the one at 50, so at once.
    expect(turns).toEqual([0, 50, 70, 80, 90, 100, 150, 200]);
  });

  it('turns no more often than activeMs in a burst of wakes', () => {
    start({ activeMs: 16, idleMs: 50, holdMs: 1000 });
    vi.advanceTimersByTime(1);
    for (let ms = 1; ms < 100; ms++) {
      pump?.wake();
      vi.advanceTimersByTime(1);
    }
    // The turn before the burst was at 0: the first woken turn is due at 16, and so on.
    expect(turns).toEqual([0, 16, 32, 48, 64, 80, 96]);
  });

  it('counts the interval from the start of a long turn', () => {
    // Each turn takes 20 ms of the pump's clock (the fake timers' clock does not move in a turn).
    let spent = 0;
    const now = () => Date.now() + spent;
    pump = createEventPump(() => {
      turns.push(now());
      spent += 20;
    }, { idleMs: 50, now });
    vi.advanceTimersByTime(70);
    expect(turns).toEqual([0, 50, 100]);
  });

  it('keeps turning after processEvents throws', () => {
    let calls = 0;
    pump = createEventPump(() => {
      calls += 1;
      if (calls === 1) throw new Error('a handler failed');
    }, { idleMs: 50, now: () => Date.now() });
    expect(() => vi.advanceTimersByTime(0)).toThrow('a handler failed');
    vi.advanceTimersByTime(100);
    expect(calls).toBe(3);
  });

  it('stops turning after stop(), and wake() does not restart it', () => {
    start({ idleMs: 50 });
    vi.advanceTimersByTime(60);
    pump?.stop();
    pump?.wake();
    vi.advanceTimersByTime(500);
    expect(turns).toEqual([0, 50]);
  });

  it('rejects intervals that are not milliseconds, naming the option', () => {
    const noop = () => {};
    expect(() => createEventPump(noop, { idleMs: -1 })).toThrow(/idleMs must be a number of milliseconds/);
    expect(() => createEventPump(noop, { holdMs: Number.NaN })).toThrow(/holdMs/);
    expect(() => createEventPump(noop, { activeMs: 100, idleMs: 50 })).toThrow(/activeMs \(100\) must not be longer than idleMs \(50\)/);
  });
});
