// One line on a chroot's state, in the words the CLI's table and the notifier's tooltip share.
import type { ChrootStatus } from '../protocol/status.js';

/** "12 updates (3 security); trixie is available", "up to date; restart the server to finish", "error: …", "cannot run on this host[: why]". */
export function statusSummary(status: ChrootStatus, options: { reasons: boolean } = { reasons: true }): string {
  if (status.verdict === 'unsupported') return options.reasons ? `cannot run on this host: ${status.verdictReason}` : 'cannot run on this host';
  if (status.lastError) return `error: ${status.lastError.message}`;
  if (status.pending === null) return 'not checked yet';
  const release = `${status.nextRelease ? `; ${status.nextRelease} is available` : ''}${status.behindServer ? '; behind the server' : ''}${status.rebootRequired ? '; restart the server to finish' : ''}`;
  if (status.pending === 0) return `up to date${release}`;
  const unknown = options.reasons ? ', security not known for this distribution' : '';
  const security = status.securityRules === 'unknown' ? unknown : ` (${status.security ?? 0} security)`;
  return `${status.pending} update${status.pending === 1 ? '' : 's'}${security}${release}`;
}
