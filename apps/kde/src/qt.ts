// The one place that loads @nodegui/nodegui: the rest of the app imports Qt from here.
//
// Importing it creates the QApplication at once (the native addon's init does it), so a display
// must be there first: DISPLAY (or WAYLAND_DISPLAY), or QT_QPA_PLATFORM=offscreen for tests.
// Qt's application name, which AT-SPI, WM_CLASS and QSettings go by, is the process title at that
// moment (apps/kde/native/qode-shim.cc): set process.title before the first import.
// nodegui also wraps the global timers (setTimeout, setInterval, setImmediate, nextTick) in
// pass-throughs that only do something under qode; on plain node they change nothing.
// Qt's own loop never runs: startEventPump() drives it. Never call exec() on the application or
// a dialog (it would block node's loop), and end with process.exit(): Qt's lastWindowClosed
// never fires, so listen for the main window's Close event, and a natural exit after Qt was
// loaded aborts.
import { QApplication, WidgetAttribute, WidgetEventTypes, type QWidget } from '@nodegui/nodegui';
import { createEventPump, type EventPump, type EventPumpOptions } from './event-pump.js';
import { createGlibPump } from './glib-pump.js';
import { loadGlibWatch } from './glib-watch.js';

export * from '@nodegui/nodegui';
export type { EventPump, EventPumpOptions } from './event-pump.js';

// Events the main window itself receives when the user or the app is doing something: the pointer
// over it (with WA_Hover, wherever it is over the window), keys (those the focused child passes
// on), activation, and UpdateRequest, which Qt sends the window whenever any part of it repaints.
const busyEvents = [
  WidgetEventTypes.Enter,
  WidgetEventTypes.HoverMove,
  WidgetEventTypes.ShortcutOverride,
  WidgetEventTypes.KeyRelease,
  WidgetEventTypes.WindowActivate,
  WidgetEventTypes.UpdateRequest,
];

/**
 * Run `work` once Qt is done with the event that asked for it (a click, a tick). A click can
 * come as an AT-SPI call (a screen reader, the tests) that Qt answers only after the handler
 * returns; work that changed many widgets inside it left the caller waiting for good.
 */
export function later(work: () => void): void {
  setImmediate(work);
}

/** The timer pump's interval while an assistive client is there. */
const assistiveMs = 2;

/**
 * Start handling Qt's events from node's loop: whenever Qt has work (glib-pump.ts), or where that
 * cannot work, on a timer that runs fast while `window` sees activity (event-pump.ts; `options`
 * are its settings).
 */
export function startEventPump(window: QWidget, options: EventPumpOptions = {}): EventPump {
  const app = QApplication.instance();
  // Qt dispatches on GLib's default context unless QT_NO_GLIB is set (then on a poll() loop of
  // its own, which nothing outside it can watch).
  if (!process.env['QT_NO_GLIB']) {
    const addon = loadGlibWatch();
    if (!(addon instanceof Error)) return createGlibPump(addon, () => app.processEvents());
    process.stderr.write(`ltsp-update-kde: turning Qt on a timer: the glib-watch addon did not load (${addon.message})\n`);
  }
  // An assistive client (a screen reader, or AT-SPI tests) asks Qt over D-Bus one question at a
  // time, and each waits for a turn of the pump: at 16 ms a walk of a tree with a few hundred
  // cells took 20 s. Qt's own switch for "there is one" turns the pump every 2 ms instead (a
  // walk then takes about 2 s), which costs a few per cent of a core only while it is set.
  const assistive = Boolean(process.env['QT_LINUX_ACCESSIBILITY_ALWAYS_ON']);
  const pump = createEventPump(() => app.processEvents(), assistive ? { ...options, activeMs: assistiveMs, idleMs: assistiveMs } : options);
  window.setAttribute(WidgetAttribute.WA_Hover, true);
  for (const type of busyEvents) window.addEventListener(type, () => pump.wake());
  return pump;
}
