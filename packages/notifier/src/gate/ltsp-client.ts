// Whether this machine is an LTSP client (booted from an image of a server), told the way LTSP
// itself tells: a session there must not offer to update chroots it cannot reach.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Why `root` is an LTSP client, or undefined when it is not. What we rely on, in LTSP 23.02
 * (Debian's ltsp package):
 * - `ltsp init` (client/init/55-init.sh, and 25-ro-root.sh for read-only roots) creates
 *   /run/ltsp/client, "the directory that indicates an ltsp mode boot"; LTSP's own dispatcher
 *   (/usr/share/ltsp/ltsp) refuses client applets without it, and its server-side code
 *   (55-config.sh, 55-service.sh) asks `[ -d /run/ltsp/client ]` to know it runs on a client.
 * - 55-init.sh makes that directory only when /run is writable, so the kernel command line counts
 *   too: LTSP's initramfs hook looks for `init=/sbin/init-ltsp`, and its iPXE menu (ltsp.ipxe)
 *   boots clients with `ltsp.image=` (beside `root=/dev/nfs`, which any diskless boot may use and
 *   so is no sign of LTSP on its own).
 */
export function ltspClientReason(root = '/'): string | undefined {
  const marker = path.join(root, 'run/ltsp/client');
  try {
    if (statSync(marker).isDirectory()) return `${marker} exists`;
  } catch {
    // Not there: look at the command line.
  }
  let cmdline = '';
  try {
    cmdline = readFileSync(path.join(root, 'proc/cmdline'), 'utf8');
  } catch {
    return undefined;
  }
  const words = cmdline.trim().split(/\s+/);
  const sign = words.find((word) => word === 'init=/sbin/init-ltsp' || word.startsWith('ltsp.image='));
  return sign === undefined ? undefined : `the kernel command line has ${sign}`;
}
