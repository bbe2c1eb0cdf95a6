// The JSON-lines events `ltsp-chroot --json` prints: one object a line, the last one the result or the error.
import { z } from 'zod';
import { chrootInfoSchema, orphanImageSchema } from './chroot.js';

const base = { v: z.literal(1) };

export const logEventSchema = z.object({
  ...base,
  type: z.literal('log'),
  level: z.enum(['info', 'warning']),
  chroot: z.string().optional(),
  message: z.string(),
});

export const errorEventSchema = z.object({
  ...base,
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  exitCode: z.number(),
  chroot: z.string().optional(),
  holderPid: z.number().optional(),
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
  command: z.literal('exec'),
  chroot: z.string(),
  exitCode: z.number(),
  signal: z.string().nullable(),
});

export const cleanupResultSchema = z.object({
  ...base,
  type: z.literal('result'),
  command: z.literal('cleanup'),
  undone: z.array(z.object({ chroot: z.string(), action: z.string() })),
  skipped: z.array(z.object({ chroot: z.string(), reason: z.string() })),
  problems: z.array(z.object({ chroot: z.string(), reason: z.string() })),
});

export const eventSchema = z.union([logEventSchema, errorEventSchema, listResultSchema, execResultSchema, cleanupResultSchema]);

export type LogEvent = z.infer<typeof logEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type ListResult = z.infer<typeof listResultSchema>;
export type ExecResult = z.infer<typeof execResultSchema>;
export type CleanupResult = z.infer<typeof cleanupResultSchema>;
export type EngineEvent = z.infer<typeof eventSchema>;
