// `ltsp-chroot status`: the cached status, as the last check, refresh or upgrade left it; no apt runs.
import { normalizeOptions } from '../../config/options.js';
import { readStatusCache } from '../../status/status-cache.js';
import { emit, writeOut } from '../output.js';
import type { GlobalFlags } from '../global-options.js';
import { renderStatuses } from '../render/status-table.js';
import { _ } from '../../text/i18n.js';

/** Print the status cache; works as any user who can read the state dir. */
export async function statusCommand(flags: GlobalFlags & { server?: boolean }): Promise<number> {
  const options = await normalizeOptions(flags.stateDir === undefined ? {} : { stateDir: flags.stateDir });
  const cache = readStatusCache(options.stateDir);
  // --server: the server's entry alone (the chroots' stay in the cache).
  const chroots = flags.server ? cache.chroots.filter((status) => status.kind === 'server') : cache.chroots;
  if (flags.json) {
    emit({ type: 'result', command: 'status', chroots, failed: [], unchanged: [] });
  } else if (chroots.length === 0 && flags.server) {
    writeOut(`${_('No status of the server yet: run "ltsp-chroot check --server".')}\n`);
  } else if (chroots.length === 0) {
    writeOut(`${_('No status yet: run "ltsp-chroot check --all" or "ltsp-chroot refresh --all".')}\n`);
  } else {
    writeOut(renderStatuses(chroots));
  }
  return 0;
}
