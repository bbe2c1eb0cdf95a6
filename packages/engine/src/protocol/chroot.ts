// What the engine knows about one chroot, as it crosses the CLI → GUI boundary.
import * as z from 'zod/mini';

export const layoutSchema = z.enum(['modern', 'legacy']);
export const verdictSchema = z.enum(['native', 'compatible', 'emulated', 'unsupported']);
/** What a target is: the server itself (apt on `/`) or one of its client chroots. Absent in what older engines wrote: a chroot. */
export const targetKindSchema = z.enum(['server', 'chroot']);

export const kernelInfoSchema = z.object({
  /** Version from the newest boot/vmlinuz-VERSION. */
  version: z.string(),
  vmlinuz: z.string(),
  initrd: z.nullable(z.string()),
  mtime: z.string(),
});

export const tftpStateSchema = z.enum(['current', 'missing', 'older', 'differs', 'no-kernel']);

export const imageInfoSchema = z.object({
  path: z.string(),
  mtime: z.string(),
  ageSeconds: z.number(),
  sizeBytes: z.number(),
  /** The version live now, when the engine publishes this image as versions (publish/); null: LTSP's plain image file. */
  live: z._default(z.nullable(z.string()), null),
  /** The version `rollback` would switch back to; null: there is none. */
  rollbackTo: z._default(z.nullable(z.string()), null),
});

export const chrootInfoSchema = z.object({
  kind: z._default(targetKindSchema, 'chroot'),
  name: z.string(),
  path: z.string(),
  baseDir: z.string(),
  layout: layoutSchema,
  distribution: z.nullable(z.string()),
  version: z.nullable(z.string()),
  release: z.nullable(z.string()),
  prettyName: z.nullable(z.string()),
  arch: z.nullable(z.string()),
  archSource: z.enum(['dpkg-status', 'elf', 'none']),
  verdict: verdictSchema,
  verdictReason: z.string(),
  image: z.nullable(imageInfoSchema),
  kernel: z.nullable(kernelInfoSchema),
  tftp: z.object({ dir: z.nullable(z.string()), state: tftpStateSchema }),
  /** The next release from distro-info-data ("trixie", "13"); whether the mirror serves it is checked by check and refresh. */
  nextRelease: z.nullable(z.object({ series: z.string(), version: z.string() })),
  /** Older than the server's own release of the same distribution. */
  behindServer: z.boolean(),
  /** The graphical package manager the chroot has ("Synaptic"), for its row's "Open in …"; null: none. */
  packageManager: z._default(z.nullable(z.string()), null),
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
