// The CLI's exit codes: one per kind of failure, so scripts and the GUIs can tell them apart.
// They sit in sysexits.h's range (64–78) where a command's own exit codes rarely go;
// 1 means "some of several chroots failed".

export const exitCodes = {
  ok: 0,
  partial: 1,
  usage: 64,
  badName: 65,
  notFound: 66,
  noChroots: 67,
  emulationNotAllowed: 68,
  unsupportedArch: 69,
  internal: 70,
  mountFailed: 71,
  missingTool: 72,
  unsafe: 73,
  aptFailed: 74,
  ltspFailed: 76,
  busy: 75,
  notRoot: 77,
  cancelled: 78,
  badRelease: 79,
  notReady: 80,
  noSpace: 81,
  timedOut: 82,
  networkFailed: 83,
  helperFailed: 84,
  imageRefused: 85,
  noVersion: 86,
} as const;

/** Every error code the engine raises, mapped to its exit code. */
export const errorExitCodes = {
  usage: exitCodes.usage,
  'bad-name': exitCodes.badName,
  'not-found': exitCodes.notFound,
  'no-chroots': exitCodes.noChroots,
  'emulation-not-allowed': exitCodes.emulationNotAllowed,
  'unsupported-arch': exitCodes.unsupportedArch,
  internal: exitCodes.internal,
  'mount-failed': exitCodes.mountFailed,
  'missing-tool': exitCodes.missingTool,
  'unsafe-chroot': exitCodes.unsafe,
  'apt-failed': exitCodes.aptFailed,
  'ltsp-failed': exitCodes.ltspFailed,
  busy: exitCodes.busy,
  'not-root': exitCodes.notRoot,
  cancelled: exitCodes.cancelled,
  'bad-release': exitCodes.badRelease,
  'not-ready': exitCodes.notReady,
  'no-space': exitCodes.noSpace,
  'timed-out': exitCodes.timedOut,
  'network-failed': exitCodes.networkFailed,
  'helper-failed': exitCodes.helperFailed,
  'image-refused': exitCodes.imageRefused,
  'no-version': exitCodes.noVersion,
} as const;

export type ErrorCode = keyof typeof errorExitCodes;
