// The engine's surface for unprivileged front ends (the GUIs and the notifier): read the status, ask the engine to act.
export { readStatusCache, statusCachePath } from '../status/status-cache.js';
export { defaults } from '../config/options.js';
export { runEngine, ltspChrootBin } from './run-engine.js';
export type { EngineRun } from './run-engine.js';
export { statusSummary } from '../text/status-summary.js';
export { createUpdatesModel } from './updates-model.js';
export { parseShellSettings } from '../config/shell-settings.js';
