// What this host does with i386 programs, found out the test's own way (never through the engine's
// code): binfmt_misc's entries read here, then the cached i386 fixture's own /bin/true run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from './fixtures.js';

export type HostI386 = 'compatible' | 'emulated' | 'unsupported';

// binfmt_misc's own text for an entry that takes 32-bit little-endian x86 executables.
const i386Magic = 'magic 7f454c4601010100000000000000000002000300';

let known: HostI386 | undefined;

/** How this host runs the i386 fixture: natively (compatible), through a registered emulator, or not at all. */
export function hostI386(): HostI386 {
  known ??= probe();
  return known;
}

function probe(): HostI386 {
  const dir = '/proc/sys/fs/binfmt_misc';
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // Not mounted: nothing is emulated.
  }
  for (const name of names) {
    let text = '';
    try {
      text = readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    if (text.startsWith('enabled') && text.includes(i386Magic)) return 'emulated';
  }
  const run = spawnSync('chroot', [fixture('bookworm', 'i386', 'minbase'), '/bin/true'], { stdio: 'ignore' });
  return run.status === 0 ? 'compatible' : 'unsupported';
}

/** Whether this kernel gives a user namespace a binfmt_misc of its own (Linux 6.7 and later): then own-binfmt.sh works. */
export function ownBinfmtWorks(): boolean {
  try {
    execFileSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether the i386 fixture went through debootstrap's second stage (make-chroot.sh keeps only the first where nothing can run it). */
export function i386FixtureInstalled(): boolean {
  return !existsSync(`${fixture('bookworm', 'i386', 'minbase')}.first-stage-only`);
}
