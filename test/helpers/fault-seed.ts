// Fault injection that can be replayed: every random choice of a test file comes from one seed,
// printed when the file starts, so a failing moment is tried again with LTSP_UPDATE_FAULT_SEED=N.
import { randomInt } from 'node:crypto';

export interface FaultRandom {
  seed: number;
  /** How many random points each kind of fault gets: 1, or LTSP_UPDATE_FAULTS. */
  points: number;
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [low, high]. */
  between(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
}

/** The seeded random source of one test file; `label` names it in the printed line. */
export function faultRandom(label: string): FaultRandom {
  const given = process.env['LTSP_UPDATE_FAULT_SEED'];
  const seed = given !== undefined && /^\d+$/.test(given) ? Number(given) % 2 ** 32 : randomInt(2 ** 31);
  const requested = Number(process.env['LTSP_UPDATE_FAULTS'] ?? '1');
  const points = Number.isInteger(requested) && requested > 0 ? requested : 1;
  console.log(`[faults] ${label}: seed ${seed}, ${points} point(s) per kind (replay with LTSP_UPDATE_FAULT_SEED=${seed})`);
  // mulberry32: small, fast and good enough to spread kill moments; the point is replaying them.
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    seed,
    points,
    next,
    between: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}
