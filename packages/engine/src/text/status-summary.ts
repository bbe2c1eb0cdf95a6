// One line on a chroot's state, in the words the CLI's table and the notifier's tooltip share.
import type { ChrootStatus } from '../protocol/status.js';
import { _, _f, _n } from './i18n.js';

/** "12 updates (3 security); trixie is available", "up to date; restart the server to finish", "error: …", "cannot run on this host[: why]". */
export function statusSummary(status: ChrootStatus, options: { reasons: boolean } = { reasons: true }): string {
  if (status.verdict === 'unsupported') return options.reasons ? _f('cannot run on this host: {reason}', { reason: status.verdictReason }) : _('cannot run on this host');
  if (status.lastError) return _f('error: {message}', { message: status.lastError.message });
  if (status.pending === null) return _('not checked yet');
  const notes = [
    ...(status.nextRelease ? [_f('{release} is available', { release: status.nextRelease })] : []),
    ...(status.behindServer ? [_('behind the server')] : []),
    ...(status.rebootRequired ? [_('restart the server to finish')] : []),
  ];
  const head = status.pending === 0 ? _('up to date')
    : status.securityRules === 'unknown'
      ? options.reasons
        ? _n('{count} update, security not known for this distribution', '{count} updates, security not known for this distribution', status.pending)
        : _n('{count} update', '{count} updates', status.pending)
      : _n('{count} update ({security} security)', '{count} updates ({security} security)', status.pending, { security: status.security ?? 0 });
  // "; " joins the notes in every language, as the table's other columns do.
  return [head, ...notes].join('; ');
}
