export { protocolVersion } from './version.js';
export {
  chrootInfoSchema, imageInfoSchema, kernelInfoSchema, layoutSchema, orphanImageSchema, tftpStateSchema, verdictSchema,
} from './chroot.js';
export type { ChrootInfo, ImageInfo, KernelInfo, Layout, OrphanImage, TftpState } from './chroot.js';
export {
  cleanupResultSchema, errorEventSchema, eventSchema, execResultSchema, listResultSchema, logEventSchema,
} from './events.js';
export type { CleanupResult, EngineEvent, ErrorEvent, ExecResult, ListResult, LogEvent } from './events.js';
