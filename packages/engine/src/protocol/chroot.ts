// What the engine knows about one chroot, as it crosses the CLI → GUI boundary.
import * as z from 'zod';

export const layoutSchema = z.enum(['modern', 'legacy']);
export const verdictSchema = z.enum(['native', 'compatible', 'emulated', 'unsupported']);
/** What a target is: the server itself (apt on `/`) or one of its client chroots. Absent in what older engines wrote: a chroot. */
export const targetKindSchema = z.enum(['server', 'chroot']);

export const kernelInfoSchema = z.object({
  /** Version from the newest boot/vmlinuz-VERSION. */
  version: z.string(),
  vmlinuz: z.string(),
  initrd: z.string().nullable(),
  mtime: z.string(),
});

export const tftpStateSchema = z.enum(['current', 'missing', 'older', 'differs', 'no-kernel']);

export const imageInfoSchema = z.object({
  path: z.string(),
  mtime: z.string(),
  ageSeconds: z.number(),
  sizeBytes: z.number(),
  /** The version live now, when the engine publishes this image as versions (publish/); null: LTSP's plain image file. */
  live: z.string().nullable().default(null),
  /** The version `rollback` would switch back to; null: there is none. */
  rollbackTo: z.string().nullable().default(null),
});

export const chrootInfoSchema = z.object({
  kind: targetKindSchema.default('chroot'),
  name: z.string(),
  path: z.string(),
  baseDir: z.string(),
  layout: layoutSchema,
  distribution: z.string().nullable(),
  version: z.string().nullable(),
  release: z.string().nullable(),
  prettyName: z.string().nullable(),
  arch: z.string().nullable(),
  archSource: z.enum(['dpkg-status', 'elf', 'none']),
  verdict: verdictSchema,
  verdictReason: z.string(),
  image: imageInfoSchema.nullable(),
  kernel: kernelInfoSchema.nullable(),
  tftp: z.object({ dir: z.string().nullable(), state: tftpStateSchema }),
  /** The next release from distro-info-data ("trixie", "13"); whether the mirror serves it is checked by check and refresh. */
  nextRelease: z.object({ series: z.string(), version: z.string() }).nullable(),
  /** Older than the server's own release of the same distribution. */
  behindServer: z.boolean(),
  /** The graphical package manager the chroot has ("Synaptic"), for its row's "Open in …"; null: none. */
  packageManager: z.string().nullable().default(null),
});

export const orphanImageSchema = z.object({
  name: z.string(),
  baseDir: z.string(),
  image: imageInfoSchema,
});

export type Layout = z.infer<typeof layoutSchema>;
export type TargetKind = z.infer<typeof targetKindSchema>;
export type ChrootInfo = z.infer<typeof chrootInfoSchema>;
export type KernelInfo = z.infer<typeof kernelInfoSchema>;
export type TftpState = z.infer<typeof tftpStateSchema>;
export type ImageInfo = z.infer<typeof imageInfoSchema>;
export type OrphanImage = z.infer<typeof orphanImageSchema>;
