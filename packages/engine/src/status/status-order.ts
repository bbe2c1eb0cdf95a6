// The order statuses are shown and stored in: the server first (its updates come before its
// chroots'), then the chroots by name.
import type { ChrootStatus } from '../protocol/status.js';
import { byCodeUnits } from '../text/code-unit-order.js';

/** A sort comparator: the server, then chroots by name (and path, for two of one name in two base dirs). */
export function serverFirst(a: Pick<ChrootStatus, 'kind' | 'name' | 'path'>, b: Pick<ChrootStatus, 'kind' | 'name' | 'path'>): number {
  return Number(b.kind === 'server') - Number(a.kind === 'server') || byCodeUnits(a.name, b.name) || byCodeUnits(a.path, b.path);
}
