// The human view of chroot statuses: a table, then each chroot's updates with security ones apart.
import Table from 'cli-table3';
import type { ChrootStatus, KeptBackReason } from '../../protocol/status.js';
import { formatSize } from '../format.js';
import { statusSummary } from '../../text/status-summary.js';
import { _, _f } from '../../text/i18n.js';

const plain = {
  chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '' },
  style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
};

/** A plain, borderless table (what `ps` and `apt list` look like). */
export function plainTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, ...plain });
  table.push(...rows);
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}

/** The table and the package lists. */
export function renderStatuses(statuses: readonly ChrootStatus[]): string {
  const rows = statuses.map((status) => [
    status.name,
    [status.distribution, status.release].filter(Boolean).join(' ') || '?',
    status.arch ?? '?',
    status.pending === null ? '-' : String(status.pending),
    status.pending === null ? '-' : String(status.security),
    status.downloadBytes === null ? '-' : formatSize(status.downloadBytes),
    statusSummary(status),
  ]);
  const lines = [plainTable([_('NAME'), _('RELEASE'), _('ARCH'), _('UPDATES'), _('SECURITY'), _('TO FETCH'), _('STATE')], rows)];
  for (const status of statuses) {
    if (status.packages.length === 0 && status.held.length === 0 && status.keptBack.length === 0) continue;
    lines.push('', status.mode === 'upgrade'
      ? _f('{chroot}: {summary} (a dist-upgrade would remove packages: upgrade only)', { chroot: status.name, summary: statusSummary(status) })
      : `${status.name}: ${statusSummary(status)}`);
    for (const [title, security] of [[_('Security updates'), true], [_('Other updates'), false]] as const) {
      const packages = status.packages.filter((entry) => entry.security === security);
      if (packages.length === 0) continue;
      lines.push(`  ${_f('{title}:', { title })}`);
      lines.push(plainTable(['', '', '', '', ''], packages.map((entry) => [
        '   ', entry.name, `${entry.from || _('(new)')} → ${entry.to}`, entry.suite ?? '', formatSize(entry.sizeBytes),
      ])).split('\n').slice(1).join('\n'));
    }
    if (status.held.length > 0) lines.push(`  ${_f('Held (stay as they are): {packages}', { packages: status.held.join(' ') })}`);
    if (status.keptBack.length > 0) lines.push(`  ${_f('Kept back: {packages}', { packages: status.keptBack.map((name) => keptBackLabel(name, status.keptBackReasons)).join(', ') })}`);
  }
  return `${lines.join('\n')}\n`;
}

/** "phasetest (a phased update, at 50 % of machines: this server is not in yet)", in apt's words where apt has some. */
function keptBackLabel(name: string, reasons: readonly KeptBackReason[]): string {
  const why = reasons.find((entry) => entry.name === name);
  // xgettext: no-javascript-format ("% of" is no format directive)
  if (why?.reason === 'phasing') return _f('{package} (a phased update, at {percent} % of machines: this server and its chroots are not in yet)', { package: name, percent: why.percent ?? '?' });
  if (why?.reason === 'held') return _f('{package} (held)', { package: name });
  if (why?.reason === 'dependencies') return _f('{package} (it needs packages installed or removed that this upgrade does not change)', { package: name });
  return name;
}
