#!/usr/bin/env node
// The session notifier, started by the desktop's autostart; runs as the logged-in administrator, never as root.
import { startDaemon } from '../dist/index.js';

const stateDir = process.env.LTSP_UPDATE_STATE_DIR ?? '/var/lib/ltsp-update';
try {
  await startDaemon({ stateDir });
} catch (error) {
  process.stderr.write(`ltsp-update-notifier: cannot start: ${error instanceof Error ? error.message : String(error)} (is there a D-Bus session bus?)\n`);
  process.exit(69);
}
