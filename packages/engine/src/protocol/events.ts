// The JSON-lines events `ltsp-chroot --json` prints: one object a line, the last one the result or the error.
import * as z from 'zod/mini';
import { chrootInfoSchema, orphanImageSchema, targetKindSchema } from './chroot.js';
import { errorCodeSchema } from './error-codes.js';
import { chrootStatusSchema } from './status.js';
import { protocolVersion } from './version.js';

const base = { v: z.literal(protocolVersion) };

/**
 * Beside `chroot` on what concerns one target: a chroot may be named like the server ("server"),
 * so the name alone does not tell the two apart. Left out: a chroot (older engines, steps over all).
 */
const kind = z.optional(targetKindSchema);

export const logEventSchema = z.object({
  ...base,
  type: z.literal('log'),
  /** `output`: a raw line from apt or LTSP, for a "Details" view. */
  level: z.enum(['info', 'warning', 'output']),
  chroot: z.optional(z.string()),
  kind,
  message: z.string(),
});

export const errorEventSchema = z.object({
  ...base,
  type: z.literal('error'),
  code: errorCodeSchema,
  message: z.string(),
  exitCode: z.number(),
  chroot: z.optional(z.string()),
  kind,
  holderPid: z.optional(z.number()),
});

export const listResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('list'),
  chroots: z.array(chrootInfoSchema),
  orphanImages: z.array(orphanImageSchema),
});

export const execResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.enum(['exec', 'package-manager']),
  chroot: z.string(),
  exitCode: z.number(),
  signal: z.nullable(z.string()),
});

export const cleanupResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('cleanup'),
  undone: z.array(z.object({ chroot: z.string(), action: z.string() })),
  skipped: z.array(z.object({ chroot: z.string(), reason: z.string() })),
  problems: z.array(z.object({ chroot: z.string(), reason: z.string() })),
});

export const stepIdSchema = z.enum([
  'session', 'preflight', 'dpkg-recover', 'apt-update', 'plan', 'download', 'snapshot', 'sources', 'install', 'kernel', 'image', 'initrd', 'ipxe', 'rollback', 'status',
]);

/** A step of a chroot's pipeline started, finished, was skipped (with the reason) or failed. */
export const stepEventSchema = z.object({
  ...base,
  type: z.literal('step'),
  chroot: z.string(),
  kind,
  step: stepIdSchema,
  state: z.enum(['started', 'done', 'skipped', 'failed']),
  message: z.optional(z.string()),
  durationMs: z.optional(z.number()),
});

/** Progress within a step, from apt's Status-Fd: download percent, or the package being installed. */
export const progressEventSchema = z.object({
  ...base,
  type: z.literal('progress'),
  chroot: z.string(),
  kind,
  step: stepIdSchema,
  percent: z.number(),
  message: z.string(),
  package: z.optional(z.string()),
});

/** One chroot's failure; a busy chroot names the process that holds its lock. */
const chrootFailureSchema = z.object({ chroot: z.string(), kind, code: errorCodeSchema, message: z.string(), holderPid: z.optional(z.number()) });

export const checkResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.enum(['check', 'refresh', 'status']),
  chroots: z.array(chrootStatusSchema),
  failed: z.array(chrootFailureSchema),
  /** check: the chroots answered from the status cache, their apt inputs unchanged since their last check (--fresh plans anew). */
  unchanged: z._default(z.array(z.string()), []),
});

export const stepOutcomeSchema = z.object({
  ran: z.boolean(),
  reason: z.string(),
  /** The image step: the version it published, now live. */
  version: z.optional(z.string()),
});

export const upgradeOutcomeSchema = z.object({
  chroot: z.string(),
  kind,
  upgraded: z.array(z.string()),
  installed: z.array(z.string()),
  kernel: stepOutcomeSchema,
  image: stepOutcomeSchema,
  /** The server only: LTSP's own server-side steps. */
  initrd: z.optional(stepOutcomeSchema),
  ipxe: z.optional(stepOutcomeSchema),
  /** Milliseconds per step that ran. */
  phases: z.record(z.string(), z.number()),
  status: z.nullable(chrootStatusSchema),
  error: z.nullable(chrootFailureSchema),
});

export const upgradeResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('upgrade'),
  chroots: z.array(upgradeOutcomeSchema),
});

/** What a release upgrade did to one target: moved, or not (with the error, after its rollback). */
export const moveOutcomeSchema = z.object({
  chroot: z.string(),
  kind: z._default(targetKindSchema, 'chroot'),
  from: z.string(),
  to: z.string(),
  /** The target runs `to` now. */
  moved: z.boolean(),
  upgraded: z.number(),
  installed: z.number(),
  removed: z.array(z.string()),
  /** Third-party and backports entries turned off, "URI SUITE". */
  disabledSources: z.array(z.string()),
  /** Where the original sources were kept (null: not reached, or moved by the distribution's own tool). */
  sourcesBackup: z.nullable(z.string()),
  snapshot: z.nullable(z.string()),
  kernel: stepOutcomeSchema,
  image: stepOutcomeSchema,
  /** The server only: LTSP's own server-side steps, once everything moved. */
  initrd: z.optional(stepOutcomeSchema),
  ipxe: z.optional(stepOutcomeSchema),
  phases: z.record(z.string(), z.number()),
  error: z.nullable(chrootFailureSchema),
});

/** Every target of the run, the server first: which moved and which did not. */
export const releaseUpgradeResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('release-upgrade'),
  moves: z.array(moveOutcomeSchema),
  /** Chosen but left where they are, and why (--everything: a chroot of another release; one that cannot run here). */
  untouched: z._default(z.array(z.object({ chroot: z.string(), reason: z.string() })), []),
});

/** One published version of a chroot's image (publish/version-store.ts), as `images` lists it. */
export const imageVersionSchema = z.object({
  version: z.string(),
  path: z.string(),
  sizeBytes: z.number(),
  created: z.string(),
  live: z.boolean(),
  /** When it stopped being live (retention keeps it a day after, for clients still reading it). */
  liveUntil: z.nullable(z.string()),
  kernel: z.nullable(z.string()),
  /** Why the boot check refused it (kept for inspection, never live); null: it passed. */
  refused: z.nullable(z.string()),
  /** LTSP's own image, kept as the first version when the engine first published (what it holds is not known). */
  takenOver: z.boolean(),
  /** Packages changed since the version before it; null: not known (the first, or one taken over from LTSP). */
  changed: z.nullable(z.object({ upgraded: z.array(z.string()), installed: z.array(z.string()), removed: z.array(z.string()) })),
});

export const imagesResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('images'),
  chroots: z.array(z.object({ chroot: z.string(), live: z.nullable(z.string()), versions: z.array(imageVersionSchema) })),
});

export const rollbackResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('rollback'),
  chroot: z.string(),
  from: z.string(),
  to: z.string(),
  /** The kernel version that TFTP serves now. */
  kernel: z.nullable(z.string()),
});

export const publishResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('publish'),
  chroot: z.string(),
  /** The version now live, and the one live before it (null: LTSP's plain file, or none). */
  version: z.string(),
  previous: z.nullable(z.string()),
  kernel: z.string(),
  /** Old versions retention removed. */
  removed: z.array(z.string()),
});

export const eventSchema = z.union([
  logEventSchema, errorEventSchema, stepEventSchema, progressEventSchema,
  listResultSchema, execResultSchema, cleanupResultSchema, checkResultSchema, upgradeResultSchema, releaseUpgradeResultSchema,
  imagesResultSchema, rollbackResultSchema, publishResultSchema,
]);

export type LogEvent = z.infer<typeof logEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type ListResult = z.infer<typeof listResultSchema>;
export type ExecResult = z.infer<typeof execResultSchema>;
export type CleanupResult = z.infer<typeof cleanupResultSchema>;
export type StepId = z.infer<typeof stepIdSchema>;
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;
export type StepEvent = z.infer<typeof stepEventSchema>;
export type ProgressEvent = z.infer<typeof progressEventSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
export type UpgradeOutcome = z.infer<typeof upgradeOutcomeSchema>;
export type UpgradeResult = z.infer<typeof upgradeResultSchema>;
export type ReleaseUpgradeResult = z.infer<typeof releaseUpgradeResultSchema>;
export type MoveOutcome = z.infer<typeof moveOutcomeSchema>;
export type ImageVersion = z.infer<typeof imageVersionSchema>;
export type ImagesResult = z.infer<typeof imagesResultSchema>;
export type RollbackResult = z.infer<typeof rollbackResultSchema>;
export type EngineEvent = z.infer<typeof eventSchema>;
