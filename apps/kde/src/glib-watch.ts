// Loads the glib-watch addon (native/glib-watch.c): it watches what GLib's default main context,
// the one Debian's Qt dispatches the main thread's events on, waits for, and calls back when
// that is ready. Built by native/build-addon.mjs into native/build/; the Debian package installs
// it beside the window's bundle and tells the bundle where (debian/stage.sh).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

declare const LTSP_UPDATE_GLIB_WATCH: string | undefined;

/** A running watch: `turns` counts the callbacks so far. */
export interface GlibWatch {
  stop(): void;
  readonly turns: number;
}

/** The addon's exports (`testing` holds the hooks of native/glib-watch-testing.c). */
export interface GlibWatchAddon {
  /** Call `turn` whenever GLib's default context has work; what it throws goes to `rethrow`. */
  watch(turn: () => void, rethrow: (error: unknown) => void): GlibWatch;
  readonly testing: {
    addTimeout(ms: number): void;
    addIdle(): void;
    iterate(): boolean;
    dispatched(): number;
  };
}

/** Where the addon is: the package's path when bundled for it, else the checkout's build. */
export function glibWatchPath(): string {
  if (typeof LTSP_UPDATE_GLIB_WATCH === 'string') return LTSP_UPDATE_GLIB_WATCH;
  // dist/*.js (and src/*.ts under vitest) sit one folder below the package.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../native/build/glib-watch.node');
}

/** The addon, or the reason it cannot be loaded (not built, or built for another node). */
export function loadGlibWatch(file = glibWatchPath()): GlibWatchAddon | Error {
  try {
    return createRequire(import.meta.url)(file) as GlibWatchAddon;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
