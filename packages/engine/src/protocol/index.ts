export { protocolVersion } from './version.js';
export { stopRequest } from './stop-request.js';
export { clientErrorCodes, errorCodeSchema } from './error-codes.js';
export type { ProtocolErrorCode } from './error-codes.js';
export {
  chrootInfoSchema, imageInfoSchema, kernelInfoSchema, layoutSchema, orphanImageSchema, tftpStateSchema, verdictSchema,
} from './chroot.js';
export type { ChrootInfo, ImageInfo, KernelInfo, Layout, OrphanImage, TftpState } from './chroot.js';
export {
  checkResultSchema, cleanupResultSchema, errorEventSchema, eventSchema, execResultSchema, listResultSchema, logEventSchema,
  progressEventSchema, stepEventSchema, stepIdSchema, upgradeOutcomeSchema, upgradeResultSchema,
  imageVersionSchema, imagesResultSchema, rollbackResultSchema,
} from './events.js';
export type {
  CheckResult, CleanupResult, EngineEvent, ErrorEvent, ExecResult, ListResult, LogEvent, ProgressEvent, StepEvent, StepId,
  UpgradeOutcome, UpgradeResult, ImageVersion, ImagesResult, RollbackResult,
} from './events.js';
export { chrootErrorSchema, chrootStatusSchema, packageUpdateSchema, statusCacheSchema } from './status.js';
export type { ChrootError, ChrootStatus, PackageUpdate, StatusCache } from './status.js';
