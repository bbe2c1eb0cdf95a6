// Drives Qt's events from node's event loop on a timer. nodegui expects qode, a modified node that
// runs Qt's loop itself; on plain node nothing does, so Qt handles input, paints and answers
// D-Bus (AT-SPI) only when the app calls processEvents(). The window normally turns Qt only when
// it has work (glib-pump.ts); this timer is the fallback for when that cannot work: the
// glib-watch addon is not there, or Qt is not on GLib (QT_NO_GLIB). It turns every `activeMs`
// while there is work, every `idleMs` otherwise. Each turn costs little; the wake-ups are what
// an idle window pays for (apps/kde/bench/event-pump.bench.mjs measures it).
export interface EventPumpOptions {
  /** Milliseconds between turns while there is work: 16 is one frame at 60 Hz. */
  activeMs?: number;
  /** Milliseconds between turns when idle: the longest a first input, a repaint or an AT-SPI question waits. */
  idleMs?: number;
  /** How long the pump stays fast after the last wake(). */
  holdMs?: number;
  /** The clock (for tests). */
  now?: () => number;
}

export interface EventPump {
  /** How it decides to turn: on GLib's readiness (glib-pump.ts), or on a timer (this file). */
  readonly kind: 'glib' | 'timer';
  /** Turns so far. */
  readonly turns: number;
  /** There is work: turn soon and stay fast for `holdMs`. Call it on input, repaints, or after changing widgets from outside Qt. */
  wake(): void;
  /** No more turns: the caller is about to exit. */
  stop(): void;
}

type PumpSettings = Required<EventPumpOptions>;

function normalizeEventPumpOptions(options: EventPumpOptions): PumpSettings {
  const settings: PumpSettings = { activeMs: 16, idleMs: 50, holdMs: 1000, now: () => performance.now(), ...options };
  for (const name of ['activeMs', 'idleMs', 'holdMs'] as const) {
    const value = settings[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`event pump: ${name} must be a number of milliseconds ≥ 0, not ${String(value)}`);
    }
  }
  if (settings.activeMs > settings.idleMs) {
    throw new TypeError(`event pump: activeMs (${settings.activeMs}) must not be longer than idleMs (${settings.idleMs})`);
  }
  return settings;
}

/** Call `processEvents` from a timer: every `activeMs` for `holdMs` after each wake(), else every `idleMs`. */
export function createEventPump(processEvents: () => void, options: EventPumpOptions = {}): EventPump {
  const { activeMs, idleMs, holdMs, now } = normalizeEventPumpOptions(options);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let lastTurn = -Infinity;
  let activeUntil = -Infinity;
  let turns = 0;

  const schedule = (delay: number): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(turn, Math.max(0, delay));
  };

  function turn(): void {
    timer = undefined;
    turns += 1;
    lastTurn = now();
    try {
      processEvents();
    } finally {
      // Counted from the start of this turn, so a long turn does not stretch the interval.
      schedule(lastTurn + (now() < activeUntil ? activeMs : idleMs) - now());
    }
  }

  schedule(0);
  return {
    kind: 'timer',
    get turns() {
      return turns;
    },
    wake() {
      if (stopped) return;
      const fresh = now() >= activeUntil;
      activeUntil = now() + holdMs;
      // Only a pump that was idle needs its next turn brought forward; a burst of wakes (a
      // repaint per frame, a child's output line by line) then still turns once per activeMs.
      if (fresh) schedule(lastTurn + activeMs - now());
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
