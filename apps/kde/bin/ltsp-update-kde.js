#!/usr/bin/env node
// The KDE update window (started from the desktop, or by the notifier's "Show updates").
process.title = 'ltsp-update-kde';
// Imported only now: loading Qt takes the application's name from the process title.
const { startApplication } = await import('../dist/main.bundle.js');
startApplication();
