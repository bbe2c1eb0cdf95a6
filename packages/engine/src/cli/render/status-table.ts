// The human view of chroot statuses: a table, then each chroot's updates with security ones apart.
import Table from 'cli-table3';
import type { ChrootStatus, KeptBackReason } from '../../protocol/status.js';
import { formatSize } from '../format.js';
import { statusSummary } from '../../text/status-summary.js';

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
  const lines = [plainTable(['NAME', 'RELEASE', 'ARCH', 'UPDATES', 'SECURITY', 'TO FETCH', 'STATE'], rows)];
  for (const status of statuses) {
    if (status.packages.length === 0 && status.held.length === 0 && status.keptBack.length === 0) continue;
    lines.push('', `${status.name}: ${statusSummary(status)}${status.mode === 'upgrade' ? ' (a dist-upgrade would remove packages: upgrade only)' : ''}`);
    for (const [title, security] of [['Security updates', true], ['Other updates', false]] as const) {
      const packages = status.packages.filter((entry) => entry.security === security);
      if (packages.length === 0) continue;
      lines.push(`  ${title}:`);
      lines.push(plainTable(['', '', '', '', ''], packages.map((entry) => [
        '   ', entry.name, `${entry.from || '(new)'} → ${entry.to}`, entry.suite ?? '', formatSize(entry.sizeBytes),
      ])).split('\n').slice(1).join('\n'));
    }
    if (status.held.length > 0) lines.push(`  Held (stay as they are): ${status.held.join(' ')}`);
    if (status.keptBack.length > 0) lines.push(`  Kept back: ${status.keptBack.map((name) => keptBackLabel(name, status.keptBackReasons)).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** "phasetest (a phased update, at 50 % of machines: this server is not in yet)", in apt's words where apt has some. */
function keptBackLabel(name: string, reasons: readonly KeptBackReason[]): string {
  const why = reasons.find((entry) => entry.name === name);
  if (why?.reason === 'phasing') return `${name} (a phased update, at ${why.percent ?? '?'} % of machines: this server and its chroots are not in yet)`;
  if (why?.reason === 'held') return `${name} (held)`;
  if (why?.reason === 'dependencies') return `${name} (it needs packages installed or removed that this upgrade does not change)`;
  return name;
}
