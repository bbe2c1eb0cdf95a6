// Bundles an entry point and the workspace code it imports (the engine, zod, execa…) into one
// ES module: Node.js then loads one file instead of a few hundred, which saves 40–70 ms at every
// start of ltsp-chroot and of the windows. Native addons cannot be bundled: name them as
// externals, and they are loaded from node_modules at run time.
// usage: node scripts/bundle.mjs ENTRY OUTFILE [EXTERNAL…]   (paths relative to the current folder)
import { build } from 'esbuild';

const [entry, outfile, ...external] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node scripts/bundle.mjs ENTRY OUTFILE [EXTERNAL…]');
  process.exit(64);
}

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
