// Copies the npm modules the windows load at run time (they cannot be bundled: each has a native
// addon it finds beside its own files) into the package's node_modules: of node-gtk and nodegui
// only what runs (their JavaScript, package.json, licence and compiled addon), and of what they
// require, each whole module, found the way Node.js finds it and kept at the same place relative
// to node_modules (a nested node_modules/x stays nested). Their build tools stay behind.
// Prints each module copied, with its version and licence (for debian/copyright's third-party.txt).
// usage: node debian/copy-modules.mjs DEST_NODE_MODULES MODULE…
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// What of each native module runs, and which of its dependencies it requires at run time (the
// others download, compile or generate: node-pre-gyp, node-gyp, nan, cmake-js, tar…).
const natives = {
  'node-gtk': { files: ['package.json', 'LICENSE', 'lib'], runtime: ['lodash.camelcase', 'lodash.snakecase', 'lodash.isequal'] },
  '@nodegui/nodegui': {
    files: ['package.json', 'LICENSE', 'dist', 'build/Release/nodegui_core.node'],
    runtime: ['memoize-one', '@paralleldrive/cuid2', 'postcss', 'postcss-nodegui-autoprefixer'],
  },
};
const root = path.resolve('node_modules');
// Type declarations, source maps, documentation, tests and the authors' tool settings (dot
// files) are not run.
const keep = (source) => !/(\.d\.ts|\.map|\.md|\.markdown)$/i.test(source) && !/\/(test|tests|docs?|examples?|\.[^/]*)$/.test(source) && !source.endsWith('/node_modules');

const [dest, ...names] = process.argv.slice(2);
if (!dest || names.length === 0 || names.some((name) => !(name in natives))) {
  console.error(`usage: node debian/copy-modules.mjs DEST_NODE_MODULES MODULE… (MODULE: ${Object.keys(natives).join(', ')})`);
  process.exit(64);
}

/** The folder Node.js loads `name` from when required inside `from` (a module's folder). */
function resolveFrom(from, name) {
  for (let dir = from; dir.startsWith(root); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  const top = path.join(root, name);
  if (existsSync(path.join(top, 'package.json'))) return top;
  throw new Error(`copy-modules: ${name}, required from ${path.relative(root, from) || '.'}, is not installed`);
}

/** One line of third-party.txt for the module at `dir`. */
function describe(dir) {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return `${manifest.name} ${manifest.version}: ${typeof manifest.license === 'string' ? manifest.license : 'see its package'}`;
}
const lines = new Set();

const copied = new Set();
/** Copy the module at `dir` whole (but its own node_modules), then every module it depends on. */
function copyWhole(dir) {
  if (copied.has(dir)) return;
  copied.add(dir);
  lines.add(describe(dir));
  // A dependency's own command-line programs (bin/) are not what the windows require of it.
  cpSync(dir, path.join(dest, path.relative(root, dir)), { recursive: true, filter: (source) => keep(source) && source !== path.join(dir, 'bin') });
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const name of Object.keys(manifest.dependencies ?? {})) copyWhole(resolveFrom(dir, name));
}

for (const name of names) {
  const dir = path.join(root, name);
  const { files, runtime } = natives[name];
  for (const file of files) {
    const target = path.join(dest, name, file);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(dir, file), target, { recursive: true, filter: keep });
  }
  lines.add(describe(dir));
  for (const dependency of runtime) copyWhole(resolveFrom(dir, dependency));
}
process.stdout.write([...lines].sort().join('\n') + '\n');
