// The status cache (<state-dir>/status.json) and the per-chroot status it holds: what the
// notifier and the GUIs show before any slow work, and what check/refresh/upgrade report.
import * as z from 'zod/mini';
import { targetKindSchema, verdictSchema } from './chroot.js';
import { errorCodeSchema } from './error-codes.js';

/** The status cache's own format version (a file, not the event protocol); bumped on any incompatible change. */
export const statusCacheVersion = 1;

export const packageUpdateSchema = z.object({
  name: z.string(),
  /** Installed version; empty for a package the upgrade newly installs. */
  from: z.string(),
  to: z.string(),
  /** The suite the new version comes from (bookworm-security), when apt says. */
  suite: z.nullable(z.string()),
  security: z.boolean(),
  /** Size of the .deb. */
  sizeBytes: z.number(),
  isNew: z.boolean(),
});

export const chrootErrorSchema = z.object({
  // A code this reader does not know (a newer engine wrote the cache) reads as internal, not as a broken cache.
  code: z.catch(errorCodeSchema, 'internal'),
  message: z.string(),
  at: z.string(),
});

export const keptBackReasonSchema = z.object({
  name: z.string(),
  reason: z.enum(['phasing', 'held', 'dependencies']),
  /** Phasing: the share of machines the update has reached so far (Phased-Update-Percentage). */
  percent: z.optional(z.number()),
});

export const chrootStatusSchema = z.object({
  kind: z._default(targetKindSchema, 'chroot'),
  name: z.string(),
  path: z.string(),
  arch: z.nullable(z.string()),
  verdict: verdictSchema,
  verdictReason: z.string(),
  distribution: z.nullable(z.string()),
  release: z.nullable(z.string()),
  /** How security updates are told apart: by Debian's or Ubuntu's rules, or not at all (unknown distribution). */
  securityRules: z.enum(['debian', 'ubuntu', 'unknown']),
  /** Pending updates; null when not known (never checked, or the chroot cannot run here). */
  pending: z.nullable(z.number()),
  security: z.nullable(z.number()),
  /** Bytes still to download (what the package cache holds already is not counted). */
  downloadBytes: z.nullable(z.number()),
  packages: z.array(packageUpdateSchema),
  held: z.array(z.string()),
  keptBack: z.array(z.string()),
  /**
   * Why apt keeps each of them back: a phased update this server (whose machine id the chroots
   * share) is not in yet, a hold, or what the upgrade would have to install or remove.
   */
  keptBackReasons: z._default(z.array(keptBackReasonSchema), []),
  /** apt-check's rule: "upgrade" when a dist-upgrade would remove packages. */
  mode: z.nullable(z.enum(['dist-upgrade', 'upgrade'])),
  /** The next release, once the chroot's mirror was seen to serve it. */
  nextRelease: z.nullable(z.string()),
  /** Older than the server's own release of the same distribution (absent in caches written before it existed). */
  behindServer: z._default(z.boolean(), false),
  /** The graphical package manager the chroot has ("Synaptic"); null: none (or the server, which has its own tools). */
  packageManager: z._default(z.nullable(z.string()), null),
  /** The server only: /run/reboot-required is there, so a restart finishes what an update began. */
  rebootRequired: z._default(z.boolean(), false),
  /** The published image, when the engine keeps it as versions: the live one, and the one `rollback` would go back to. */
  image: z._default(z.nullable(z.object({ live: z.string(), rollbackTo: z.nullable(z.string()) })), null),
  /** The fingerprint of what apt read at the last check (apt/apt-inputs.ts); null: plan anew at the next one. */
  aptInputs: z._default(z.nullable(z.string()), null),
  lastCheck: z.nullable(z.string()),
  lastRefresh: z.nullable(z.string()),
  lastUpgrade: z.nullable(z.string()),
  /** The last failure; a chroot with an error is never shown as up to date. */
  lastError: z.nullable(chrootErrorSchema),
});

export const statusCacheSchema = z.object({
  v: z.literal(statusCacheVersion),
  updated: z.string(),
  chroots: z.array(chrootStatusSchema),
});

export type PackageUpdate = z.infer<typeof packageUpdateSchema>;
export type KeptBackReason = z.infer<typeof keptBackReasonSchema>;
export type ChrootStatus = z.infer<typeof chrootStatusSchema>;
export type ChrootError = z.infer<typeof chrootErrorSchema>;
export type StatusCache = z.infer<typeof statusCacheSchema>;
