// Builds the glib-watch addon (glib-watch.c: it turns Qt only when GLib's main context has work)
// into native/build/glib-watch.node, through the cache of addon-cache.mjs.
// The key: a hash of its sources and of the recipe below, GLib's version, node's module ABI and
// the CPU. Anything else that changes the addon needs RECIPE bumped.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MissingPrerequisite, placeAddon, run } from './addon-cache.mjs';

const RECIPE = 'cc -O2 -shared -fPIC, hardening flags, pkg-config glib-2.0, node headers, v1';
const here = import.meta.dirname;
const sources = ['glib-watch.c', 'glib-watch-testing.c'].map((name) => path.join(here, name));
const header = path.join(here, 'glib-watch.h');

/** The directory of node's own headers (node_api.h, uv.h): Debian's nodejs ships them. */
function nodeHeaders() {
  const dir = path.resolve(path.dirname(process.execPath), '../include/node');
  if (!existsSync(path.join(dir, 'node_api.h')) || !existsSync(path.join(dir, 'uv.h'))) {
    throw new MissingPrerequisite(`node's headers are not in ${dir} (Debian's nodejs package has them)`);
  }
  return dir;
}

/** pkg-config's answer for glib-2.0, or a MissingPrerequisite naming the Debian package. */
function glib(...args) {
  try {
    return execFileSync('pkg-config', [...args, 'glib-2.0'], { encoding: 'utf8' }).trim();
  } catch {
    throw new MissingPrerequisite("GLib's development files are missing: install libglib2.0-dev and pkg-config");
  }
}

/** Put glib-watch.node in place: a no-op when the one there has the current key. */
export function placeGlibWatch() {
  const version = glib('--modversion');
  const headers = nodeHeaders();
  const hash = createHash('sha256');
  for (const file of [...sources, header]) hash.update(readFileSync(file));
  const key = `glib-watch-glib${version}-abi${process.versions.modules}-${process.arch}-${hash.update(RECIPE).digest('hex').slice(0, 12)}`;
  placeAddon({
    key,
    target: path.join(here, 'build', 'glib-watch.node'),
    about: 'a few seconds',
    info: { glib: version, modules: process.versions.modules, arch: process.arch },
    build(scratch) {
      const out = path.join(scratch, 'glib-watch.node');
      // Debian's hardening flags (as dpkg-buildflags gives them); node's own symbols (napi_*,
      // uv_*) are left undefined: the node that loads the addon has them.
      const harden = ['-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-Wl,-z,relro', '-Wl,-z,now'];
      run('cc', ['-O2', '-g0', '-shared', '-fPIC', '-Wall', '-Wextra', ...harden, `-I${headers}`, ...glib('--cflags').split(/\s+/).filter(Boolean),
        '-o', out, ...sources, ...glib('--libs').split(/\s+/).filter(Boolean)]);
      return out;
    },
    check(file) {
      // Loading it in a child node proves every symbol resolves (GLib's and node's).
      run(process.execPath, ['-e', `const watch = require(${JSON.stringify(file)}); if (typeof watch.watch !== 'function') process.exit(1)`]);
    },
  });
}
