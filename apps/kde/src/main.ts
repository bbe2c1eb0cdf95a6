// The KDE window's entry point. For now it opens the smoke window (src/smoke-window.ts); the real
// window replaces it.
import { startEventPump } from './qt.js';
import { createSmokeWindow, type SmokeWindow } from './smoke-window.js';

/** Open the window and handle its events until it is closed. */
export function startApplication(): SmokeWindow {
  const smoke = createSmokeWindow(() => process.exit(0));
  smoke.window.show();
  startEventPump(smoke.window);
  return smoke;
}
