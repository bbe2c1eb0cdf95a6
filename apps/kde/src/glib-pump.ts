// Turns Qt only when it has work: the glib-watch addon calls processEvents() when a source of
// GLib's default main context (Qt's posted events, socket notifiers, timers) is ready, and at no
// other time. Input, repaints and AT-SPI questions all reach Qt's main thread as posted events,
// which write GLib's wake-up fd: each is handled in the loop iteration it arrives in, with no
// fast phase to keep up (apps/kde/test/glib-pump.test.ts proves a widget changed from a node
// timer gets painted with no wake()), and an idle window is never woken.
import type { EventPump } from './event-pump.js';
import type { GlibWatchAddon } from './glib-watch.js';

/** Call `processEvents` whenever GLib's default context, which Qt runs on, has work. */
export function createGlibPump(addon: GlibWatchAddon, processEvents: () => void): EventPump {
  // What a turn throws is thrown again from node's own loop, where node reports it as uncaught
  // (or a process 'uncaughtException' handler gets it), as from the timer pump; the watch goes on.
  const watch = addon.watch(processEvents, (error) => setImmediate(() => {
    throw error;
  }));
  return {
    kind: 'glib',
    // Nothing to do: a change to a widget posts Qt an event, and that wakes the watch.
    wake() {},
    stop() {
      watch.stop();
    },
    get turns() {
      return watch.turns;
    },
  };
}
