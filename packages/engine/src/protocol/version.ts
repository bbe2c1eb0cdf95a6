/** The version of the JSON protocol between `ltsp-chroot --json` and its readers; bumped on any incompatible change. */
export const protocolVersion = 1 as const;
