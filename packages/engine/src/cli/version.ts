// The engine's version, as `ltsp-chroot --version` and the manual pages give it.
// The bundler inlines package.json's version, so the installed CLI never reads a path to know it;
// tsc's own output (what the manual generator imports) loads the same file, at the same depth.
import packageJson from '../../package.json' with { type: 'json' };

/** The version of @ltsp-update/engine this CLI was built from. */
export const engineVersion: string = String((packageJson as { version: unknown }).version);
