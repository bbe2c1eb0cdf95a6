// Bundles an entry point and the workspace code it imports (the engine, zod, execa…) into one
// ES module: Node.js then loads one file instead of a few hundred, which saves 40–70 ms at every
// start of ltsp-chroot and of the windows. Native addons cannot be bundled: name them as
// externals, and they are loaded from node_modules at run time.
// usage: node scripts/bundle.mjs [--define NAME=JSON]… [--no-sourcemap] [--metafile FILE] ENTRY OUTFILE [EXTERNAL…]
//   (paths relative to the current folder; --define is how the Debian package tells the bundle
//   where it is installed, see debian/stage.sh; --metafile writes esbuild's list of what went in)
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { define: { type: 'string', multiple: true, default: [] }, 'no-sourcemap': { type: 'boolean', default: false }, metafile: { type: 'string' } } });
} catch (error) {
  console.error(`bundle: ${error.message}`);
  process.exit(64);
}
const [entry, outfile, ...external] = parsed.positionals;
const define = Object.fromEntries(parsed.values.define.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
if (!entry || !outfile || Object.keys(define).some((name) => name === '')) {
  console.error('usage: node scripts/bundle.mjs [--define NAME=JSON]… [--no-sourcemap] [--metafile FILE] ENTRY OUTFILE [EXTERNAL…]');
  process.exit(64);
}

const result = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: !parsed.values['no-sourcemap'],
  external,
  define,
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  metafile: parsed.values.metafile !== undefined,
  logLevel: 'warning',
});
if (parsed.values.metafile !== undefined) writeFileSync(parsed.values.metafile, JSON.stringify(result.metafile));
