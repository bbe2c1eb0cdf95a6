// `ltsp-chroot status`: the cached status, as the last check, refresh or upgrade left it; no apt runs.
import { normalizeOptions } from '../../config/options.js';
import { readStatusCache } from '../../status/status-cache.js';
import { emit, writeOut } from '../output.js';
import type { GlobalFlags } from '../global-options.js';
import { renderStatuses } from '../render/status-table.js';

/** Print the status cache; works as any user who can read the state dir. */
export async function statusCommand(flags: GlobalFlags): Promise<number> {
  const options = await normalizeOptions(flags.stateDir === undefined ? {} : { stateDir: flags.stateDir });
  const cache = readStatusCache(options.stateDir);
  if (flags.json) {
    emit({ type: 'result', command: 'status', chroots: cache.chroots, failed: [] });
  } else if (cache.chroots.length === 0) {
    writeOut('No status yet: run "ltsp-chroot check --all" or "ltsp-chroot refresh --all".\n');
  } else {
    writeOut(renderStatuses(cache.chroots));
  }
  return 0;
}
