// Ubuntu phases an update in over days by machine: apt decides from /etc/machine-id whether this
// machine is in the rollout yet. A chroot's own id is whatever its copy or build left (often none),
// so its apt would decide apart from the server it belongs to; every apt run in a chroot is given
// the server's id instead (APT::Machine-ID, apt_preferences(5)), so the server and its chroots
// take a phased update on the same day.
import { readFileSync } from 'node:fs';

let cached: string | null | undefined;

/** The server's machine id (/etc/machine-id, 32 hex digits), or null when it has none. */
export function serverMachineId(file = '/etc/machine-id'): string | null {
  if (cached !== undefined && file === '/etc/machine-id') return cached;
  let id: string | null = null;
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{32}$/.test(text)) id = text;
  } catch {
    // No id: apt in the chroots decides as it would without one.
  }
  if (file === '/etc/machine-id') cached = id;
  return id;
}

/** `command` with the server's machine id given to apt, for a program of apt's own run in a chroot. */
export function withServerMachineId(command: readonly string[], id = serverMachineId()): readonly string[] {
  const [program, ...rest] = command;
  if (id === null || program === undefined || !['apt-get', 'apt-cache', 'apt'].includes(program)) return command;
  // Right after the program: an option after a "--" would be read as a package name.
  return [program, '-o', `APT::Machine-ID=${id}`, ...rest];
}
