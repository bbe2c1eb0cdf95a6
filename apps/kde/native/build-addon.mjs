#!/usr/bin/env node
// Puts the KDE window's native addons in place: @nodegui/nodegui's, built against Debian's Qt 6
// to run on plain node, and glib-watch (glib-watch-addon.mjs), which turns Qt only when it has
// work; each taken from a cache outside the repo when it was built before (addon-cache.mjs).
// usage: node apps/kde/native/build-addon.mjs [--optional]
//
// Why: nodegui's own install script downloads a Qt build and a prebuilt addon (neither can work
// here), so the root package.json denies it (allowScripts) and this script does the work. A
// source build takes minutes and most of a gigabyte, so each build is kept in a cache keyed by
// what the addon depends on; a fresh clone or `npm ci` then only copies a file. When the addons
// in place already match, this is a no-op that costs one qmake6 and two pkg-config calls.
//
// nodegui's key: nodegui's version, Qt's version, node's module ABI, the CPU and a hash of the
// qode shim and of the build recipe below. Anything else that changes the addon needs RECIPE bumped.
//
// --optional (the kde package's postinstall): when Qt's or GLib's development files are missing,
// say so and exit 0 rather than fail the whole workspace's install; scripts/setup.sh installs
// them and runs this again without it. Any other failure fails either way.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { log, MissingPrerequisite, placeAddon, run } from './addon-cache.mjs';
import { placeGlibWatch } from './glib-watch-addon.mjs';

// Bump when the build below changes in a way that changes the addon.
const RECIPE = 'cmake-js compile, QT_INSTALL_DIR=/usr, qode shim through LDFLAGS, v1';
const ADDON = 'nodegui_core.node';
const here = import.meta.dirname;
const shimSource = path.join(here, 'qode-shim.cc');
const optional = process.argv.includes('--optional');

/** Qt's version and library dir from qmake6, or a MissingPrerequisite naming the Debian packages. */
function findQt() {
  const packages = 'qt6-base-dev and qt6-svg-dev (sh scripts/setup.sh installs them)';
  let version, libs;
  try {
    version = execFileSync('qmake6', ['-query', 'QT_VERSION'], { encoding: 'utf8' }).trim();
    libs = execFileSync('qmake6', ['-query', 'QT_INSTALL_LIBS'], { encoding: 'utf8' }).trim();
  } catch {
    throw new MissingPrerequisite(`no qmake6: Qt 6's development files are missing; install ${packages}`);
  }
  // nodegui links QtSvg and QtSvgWidgets, which qt6-base-dev does not bring.
  if (!existsSync(path.join(libs, 'cmake/Qt6SvgWidgets'))) {
    throw new MissingPrerequisite(`Qt 6 SVG's development files are missing; install ${packages}`);
  }
  return { version };
}

/** Build the addon in a scratch directory and return the path of the built file inside it. */
function build(nodeguiDir, scratch) {
  // The three symbols only qode's executable exports (see qode-shim.cc).
  const shimObject = path.join(scratch, 'qode-shim.o');
  run('g++', ['-c', '-fPIC', '-O2', '-o', shimObject, shimSource]);

  const require = createRequire(path.join(nodeguiDir, 'package.json'));
  const cmakeJs = path.join(path.dirname(require.resolve('cmake-js/package.json')), 'bin/cmake-js');
  const out = path.join(scratch, 'build');
  // cmake-js takes node's headers from the node-api-headers package (nodegui is a Node-API
  // addon): no download. Building in the scratch dir keeps its 700 MB out of node_modules.
  run(process.execPath, [cmakeJs, 'compile', '--out', out, '--parallel', String(os.availableParallelism())], {
    cwd: nodeguiDir,
    env: {
      ...process.env,
      // nodegui's CMake files then find Debian's Qt instead of downloading one.
      QT_INSTALL_DIR: '/usr',
      // CMake starts its linker flags from LDFLAGS: the shim object is linked into the addon.
      LDFLAGS: [process.env.LDFLAGS, shimObject].filter(Boolean).join(' '),
    },
  });
  return path.join(out, 'Release', ADDON);
}

/** Load the addon in a child node, as the app will: a missing symbol or library fails here. */
function checkLoads(file) {
  // Loading it creates the QApplication, which needs a platform; exit at once, as the app does
  // (a natural exit after Qt was loaded aborts).
  run(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)}); process.exit(0)`], {
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
  });
}

/** Put nodegui's addon where nodegui's JS loads it: build/Release/ in its own directory. */
function placeNodegui() {
  const require = createRequire(import.meta.url);
  const nodeguiDir = path.dirname(require.resolve('@nodegui/nodegui/package.json'));
  const nodegui = JSON.parse(readFileSync(path.join(nodeguiDir, 'package.json'), 'utf8'));
  const qt = findQt();
  const hash = createHash('sha256').update(readFileSync(shimSource)).update(RECIPE).digest('hex').slice(0, 12);
  placeAddon({
    key: `nodegui-${nodegui.version}-qt${qt.version}-abi${process.versions.modules}-${process.arch}-${hash}`,
    target: path.join(nodeguiDir, 'build', 'Release', ADDON),
    about: 'about 8 minutes on 2 cores',
    info: { nodegui: nodegui.version, qt: qt.version, modules: process.versions.modules, arch: process.arch },
    build: (scratch) => build(nodeguiDir, scratch),
    check: checkLoads,
  });
}

function main() {
  // scripts/setup.sh runs npm ci with this set, then this script itself as a stage of its own.
  if (optional && process.env.LTSP_UPDATE_ADDON_LATER) return;
  placeNodegui();
  placeGlibWatch();
}

try {
  main();
} catch (error) {
  if (error instanceof MissingPrerequisite && optional) {
    log(`skipped: ${error.message}`);
  } else {
    console.error(`build-addon: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
