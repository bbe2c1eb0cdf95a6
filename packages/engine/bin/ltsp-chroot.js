#!/usr/bin/env node
// The installed entry point; the CLI is bundled into dist/cli.bundle.js (by scripts/bundle.mjs).
import { main } from '../dist/cli.bundle.js';

// Shown by ps and in "busy" messages instead of "node".
process.title = 'ltsp-chroot';

process.exitCode = await main(process.argv.slice(2));
