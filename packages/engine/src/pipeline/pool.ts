// Runs work over items with at most `limit` at a time.
import { availableParallelism } from 'node:os';

/** Call `work` for every item, `limit` (default: one per core) at a time; resolves when all are done. */
export async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>, limit = availableParallelism()): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}
