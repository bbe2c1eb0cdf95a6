#!/usr/bin/env node
// The installed entry point; the CLI itself is compiled to dist/cli/main.js.
import { main } from '../dist/cli/main.js';

// Shown by ps and in "busy" messages instead of "node".
process.title = 'ltsp-chroot';

process.exitCode = await main(process.argv.slice(2));
