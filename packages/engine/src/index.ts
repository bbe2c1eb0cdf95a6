export { normalizeOptions, defaults } from './config/options.js';
export type { EngineOptions, NormalizedOptions } from './config/options.js';
export { readLtspServerSettings, parseLtspServerSettings } from './config/ltsp-conf.js';
export type { LtspServerSettings } from './config/ltsp-conf.js';

export { EngineError, isEngineError } from './errors/engine-error.js';
export type { EngineErrorContext } from './errors/engine-error.js';
export { exitCodes, errorExitCodes } from './errors/exit-codes.js';
export type { ErrorCode } from './errors/exit-codes.js';

export { listChroots } from './discover/list-chroots.js';
export type { ChrootListing, DescribedChroot } from './discover/list-chroots.js';
export { chrootByName, validateChrootName } from './discover/find-by-name.js';
export { parseOsRelease, readOsRelease } from './discover/os-release.js';
export type { OsRelease } from './discover/os-release.js';

export { chrootArch, shellHeader } from './arch/chroot-arch.js';
export { elfIdentity } from './arch/elf.js';
export { nativeArchFromStatus, dpkgNativeArch } from './arch/dpkg-status.js';
export { hostVerdict } from './arch/host-verdict.js';
export type { HostVerdict, Verdict } from './arch/host-verdict.js';
export { parseBinfmtEntry, binfmtMatches, readBinfmt } from './arch/binfmt.js';

export { openSession, denyingPolicyRcD } from './session/session.js';
export type { Session, SessionOptions, SessionTarget } from './session/session.js';
export { cleanupAll, cleanupChroot } from './session/cleanup.js';
export type { CleanupReport } from './session/cleanup.js';
export { lockChroot } from './session/lock.js';

export { main as cliMain } from './cli/main.js';

export { mirrorFor, parseDeb822Sources, parseOneLineSources, readSources } from './apt/sources.js';
export type { SourceEntry } from './apt/sources.js';
