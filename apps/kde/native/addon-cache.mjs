// What building the KDE window's native addons shares (build-addon.mjs builds nodegui's and
// glib-watch): a cache of built addons outside the repo, keyed by what each depends on, and
// putting one in place from it.
//
// The cache: /var/cache/ltsp-update-build/<key>/ as root, else
// ${XDG_CACHE_HOME:-~/.cache}/ltsp-update/<key>/; LTSP_UPDATE_BUILD_CACHE names another root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const log = (message) => console.log(`build-addon: ${message}`);

/** A missing build tool or development package: --optional skips the addon instead of failing. */
export class MissingPrerequisite extends Error {}

/** The cache's root directory for this user. */
function cacheRoot() {
  if (process.env.LTSP_UPDATE_BUILD_CACHE) return process.env.LTSP_UPDATE_BUILD_CACHE;
  if (process.getuid?.() === 0) return '/var/cache/ltsp-update-build';
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'ltsp-update');
}

/** Copy `from` to `to` through a temporary name, so a reader never sees half a file. */
function copyAtomically(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial-${process.pid}`;
  copyFileSync(from, partial);
  renameSync(partial, to);
}

/** Run a command with its output shown; throw when it fails. */
export function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.signal ?? `exit ${result.status}`})`);
}

/**
 * Put the addon `key` at `target`: nothing to do when the stamp beside it (`target`.key) names
 * `key`, a copy when the cache has it, else `build(scratch)` (which returns the built file) in a
 * scratch directory, `check(file)` on the result, and into the cache first. `about` says how
 * long a build takes, for the log; `info` is kept beside the cached file.
 */
export function placeAddon({ key, target, build, check, about, info }) {
  const stamp = `${target}.key`;
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === key) {
    log(`${key} is in place`);
    return;
  }
  const cached = path.join(cacheRoot(), key, path.basename(target));
  if (existsSync(cached)) {
    log(`installing ${key} from ${path.dirname(cached)}`);
  } else {
    log(`building ${key} from source (${about}, once: kept in ${path.dirname(cached)} for next time)`);
    const started = Date.now();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'ltsp-update-addon-'));
    try {
      const built = build(scratch);
      check(built);
      copyAtomically(built, cached);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(path.join(path.dirname(cached), 'build-info.json'), `${JSON.stringify({ key, ...info, node: process.version, seconds, built: new Date().toISOString() }, null, 2)}\n`);
    log(`built in ${seconds} s`);
  }
  copyAtomically(cached, target);
  writeFileSync(stamp, `${key}\n`);
}
