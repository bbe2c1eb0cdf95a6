#!/usr/bin/env node
// The GNOME update window (started from the desktop, or by the notifier's "Show updates").
import { startApplication } from '../dist/application.bundle.js';

process.title = 'ltsp-update-gnome';
startApplication();
