#!/usr/bin/env node
// The installed entry point; the CLI is bundled into dist/cli.bundle.js (by scripts/bundle.mjs).
import module from 'node:module';

// Shown by ps and in "busy" messages instead of "node".
process.title = 'ltsp-chroot';

// Node.js 22 and later keep the bundle's compiled code between runs (in the system's temporary
// folder): a start without compiling it again. Node.js 20 has no such cache, and goes on as before.
module.enableCompileCache?.();
const { main } = await import('../dist/cli.bundle.js');

process.exitCode = await main(process.argv.slice(2));
