// Bundles an entry point and the workspace code it imports (the engine, zod, execa…) into an
// ES module: Node.js then loads one file instead of a few hundred, which saves 40–70 ms at every
// start of ltsp-chroot and of the windows. What the entry imports only with import() (each
// command of ltsp-chroot) goes into chunks beside it, in OUTFILE's name + "-chunks/": a start
// compiles only what its command uses, so --help and list do not pay for apt, zod and the rest.
// Native addons cannot be bundled: name them as externals, and they are loaded from
// node_modules at run time.
// usage: node scripts/bundle.mjs [--define NAME=JSON]… [--no-sourcemap] [--metafile FILE] ENTRY OUTFILE [EXTERNAL…]
//   (paths relative to the current folder; --define is how the Debian package tells the bundle
//   where it is installed, see debian/stage.sh; --metafile writes esbuild's list of what went in)
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

// esbuild puts the code the entry imports into one chunk for each set of dynamic imports that
// share it: `ltsp-chroot --help` read ten files, each resolved, read, compiled and linked on its
// own (about 0.4 ms a file, 7 ms of each start). So each dynamic import of our own code is made
// through a small module that imports the entry too: the entry's code is then shared by every
// chunk alike, and goes into one. It has run before any chunk loads, so nothing runs twice or
// in another order. (So a relative import() must not be awaited at the top level of a module
// the entry imports: the chunk would wait for the entry, which waits for the chunk.)
const entryInOneChunk = {
  name: 'entry-in-one-chunk',
  setup(build) {
    const entryFile = path.resolve(entry);
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = await build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer });
      if (target.errors.length > 0) return { errors: target.errors };
      return { path: target.path, namespace: 'after-entry' };
    });
    build.onLoad({ filter: /.*/, namespace: 'after-entry' }, (args) => ({
      contents: `import ${JSON.stringify(entryFile)};\nexport * from ${JSON.stringify(args.path)};\n`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

// The chunks' names change with their content: the last build's go first.
const extension = path.extname(outfile);
const stem = path.basename(outfile, extension);
rmSync(path.join(path.dirname(outfile), `${stem}-chunks`), { recursive: true, force: true });
const result = await build({
  entryPoints: [entry],
  outdir: path.dirname(outfile),
  entryNames: stem,
  chunkNames: `${stem}-chunks/[name]-[hash]`,
  outExtension: { '.js': extension },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: !parsed.values['no-sourcemap'],
  external,
  define,
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  plugins: [entryInOneChunk],
  metafile: parsed.values.metafile !== undefined,
  logLevel: 'warning',
});
if (parsed.values.metafile !== undefined) writeFileSync(parsed.values.metafile, JSON.stringify(result.metafile));
