#!/usr/bin/env node
// The session notifier, started by the desktop's autostart; runs as the logged-in administrator, never as root.
import { mayStart, startDaemon } from '../dist/index.js';

// Autostart starts it in every session: for a user who cannot act on it, or on an LTSP client
// (whose chroots live on the server), it goes quietly, with one line in the journal saying why.
const verdict = mayStart();
if (!verdict.start) {
  process.stderr.write(`ltsp-update-notifier: not starting: ${verdict.reason}\n`);
  process.exit(0);
}

const stateDir = process.env.LTSP_UPDATE_STATE_DIR ?? '/var/lib/ltsp-update';
try {
  await startDaemon({ stateDir });
} catch (error) {
  process.stderr.write(`ltsp-update-notifier: cannot start: ${error instanceof Error ? error.message : String(error)} (is there a D-Bus session bus?)\n`);
  process.exit(69);
}
