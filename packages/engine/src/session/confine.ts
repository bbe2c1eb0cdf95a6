// Every program run inside a chroot runs confined, through systemd-nspawn: its own mount, PID, IPC
// and UTS namespaces, the chroot as the root of its mount namespace (pivot_root, so there is no way
// back to the host's root), its own /proc with /proc/sys read-only, a read-only /sys, a minimal /dev
// behind a device policy, and a bounding set without the capabilities that reach past the chroot.
// nspawn is made for an administrator running an OS tree as root; bubblewrap, made for unprivileged
// sandboxes, leaves root's bounding set and /proc/sys as they are (see the README).
import { readdirSync, readFileSync } from 'node:fs';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { hasTool } from '../ltsp/tools.js';

export interface Bind {
  /** A host directory or file. */
  source: string;
  /** Where it appears inside the chroot. */
  inner: string;
  readOnly: boolean;
}

export interface Confinement {
  /** The chroot's folder on the host. */
  root: string;
  /** The chroot's name, made into the container's host name. */
  name: string;
  /** A setarch personality (linux32) for a chroot of the host's 32-bit family. */
  personality?: string | undefined;
  /** Share the host's network (apt fetching); otherwise the command sees only its own loopback. */
  network: boolean;
  binds: readonly Bind[];
  /** The command's whole environment: nothing of the engine's reaches it otherwise. */
  env: Record<string, string>;
  /** A person is at a terminal: nspawn gives the command its own pseudo-terminal, never ours. */
  terminal: boolean;
  /** Hand file descriptor 3 to the command (apt's APT::Status-Fd). */
  statusFd: boolean;
}

/**
 * Capabilities of nspawn's default set that a package's maintainer scripts do not need and that
 * reach past the chroot: mounting and every other CAP_SYS_ADMIN power, device nodes, the host's
 * network configuration and raw sockets (the network namespace is the host's when apt fetches),
 * ptrace, reboot, immutable files (which would pin our own file swaps), open_by_handle_at and
 * audit control. Module loading, raw I/O, clock and MAC capabilities nspawn never keeps.
 */
export const droppedCapabilities = [
  'CAP_SYS_ADMIN', 'CAP_MKNOD', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_NET_BROADCAST', 'CAP_SYS_PTRACE', 'CAP_SYS_BOOT',
  'CAP_LINUX_IMMUTABLE', 'CAP_DAC_READ_SEARCH', 'CAP_AUDIT_CONTROL', 'CAP_IPC_OWNER', 'CAP_LEASE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TTY_CONFIG',
] as const;

// nspawn keeps its runtime files (bind propagation, locks) under /run/systemd/nspawn and cleans
// them up when it exits. A private tmpfs there, in a mount namespace of this command's own, means
// a command killed at any point leaves nothing in the host's /run either, and on a host whose /run
// is no tmpfs nspawn does not complain on every run. LISTEN_PID tells nspawn that the descriptor
// after stderr is meant for the command (the socket-activation protocol it passes on).
const wrapper = [
  'set -e',
  'mkdir -p /run/systemd/nspawn',
  'mount -t tmpfs -o mode=0755,size=8m ltsp-chroot /run/systemd/nspawn',
  '[ -z "${LISTEN_FDS:-}" ] || export LISTEN_PID=$$',
  'exec "$@"',
].join('; ');

const hostPath = '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The host command line that runs `command` confined in `c.root`. It dies with the engine
 * (PR_SET_PDEATHSIG), taking the whole container down: a killed run never leaves a program
 * of the chroot running without the lock the engine held for it. A signal passed to it ends
 * the container at once, as nspawn does for a command that is not an init system.
 */
export function confinedCommand(c: Confinement, command: readonly string[]): { file: string; args: string[]; env: Record<string, string> } {
  const nspawn = [
    'systemd-nspawn',
    '--quiet',
    '--register=no',
    '--keep-unit',
    // A stub init as PID 1 reaps what the command leaves and passes signals on.
    '--as-pid2',
    `--console=${c.terminal ? 'interactive' : 'pipe'}`,
    // The session puts the host's resolv.conf in itself, only when the command needs the network.
    '--resolv-conf=off',
    '--timezone=off',
    '--link-journal=no',
    `--machine=${machineName(c.name)}`,
    `--drop-capability=${droppedCapabilities.join(',')}`,
    ...(c.network ? [] : ['--private-network']),
    ...c.binds.map(bindOption),
    ...Object.entries(c.env).map(([key, value]) => `--setenv=${key}=${value}`),
    `--directory=${c.root}`,
    '--',
    ...command,
  ];
  // nspawn's container outlives nspawn itself when nspawn is killed; in a PID namespace of our own,
  // whose first process dies with unshare (--kill-child), the kernel takes every process down with it.
  const confined = [
    '--pdeathsig', 'KILL',
    'unshare', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--mount-proc',
    '--', '/bin/sh', '-c', wrapper, 'ltsp-chroot', ...nspawn,
  ];
  const env: Record<string, string> = {
    PATH: hostPath,
    // The chroot's own /tmp, as chroot(8) would show it (nspawn mounts a tmpfs there otherwise).
    SYSTEMD_NSPAWN_TMPFS_TMP: '0',
    // The session's own lock keeps other runs out; nspawn's would refuse apt's parallel reads.
    SYSTEMD_NSPAWN_LOCK: '0',
    ...(c.statusFd ? { LISTEN_FDS: '1' } : {}),
    ...(c.terminal && c.env['TERM'] !== undefined ? { TERM: c.env['TERM'] } : {}),
  };
  return c.personality
    ? { file: 'setarch', args: [c.personality, 'setpriv', ...confined], env }
    : { file: 'setpriv', args: confined, env };
}

/** Refuse, before anything is touched, a host that lacks the tools every confined command needs. */
export function requireConfinementTools(chroot: string): void {
  const needed = [['systemd-nspawn', 'systemd-container'], ['setpriv', 'util-linux'], ['unshare', 'util-linux']] as const;
  for (const [tool, provider] of needed) {
    if (!hasTool(tool)) {
      throw new EngineError('missing-tool', _f('{tool} is not installed, and commands in a chroot run only confined: apt-get install {provider}', { tool, provider }), { chroot });
    }
  }
}

/** A valid host name made of the chroot's name: nspawn uses it for the container. */
export function machineName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return cleaned === '' ? 'ltsp-chroot' : cleaned;
}

function bindOption(bind: Bind): string {
  // nspawn separates source and destination with ":"; the engine's own paths never hold one.
  for (const value of [bind.source, bind.inner]) {
    if (value.includes(':') || !value.startsWith('/')) {
      throw new EngineError('usage', _f('cannot bind {value} into a chroot: use an absolute path without ":"', { value }));
    }
  }
  return `--${bind.readOnly ? 'bind-ro' : 'bind'}=${bind.source}:${bind.inner}`;
}

/**
 * Pass `signal` to the command a confined run started, the way chroot(8) passed it: unshare blocks
 * SIGINT and SIGTERM while it waits, and nspawn would end the container with SIGKILL. The command
 * is the child of nspawn's stub init; before it runs there is nothing to stop gracefully, so the
 * whole run is killed (the kernel takes its PID namespace down with it).
 */
export function passSignal(runPid: number, signal: NodeJS.Signals): void {
  const commands = descendants(runPid).filter((pid) => commandName(parentOf(pid)) === '(sd-stubinit)');
  if (commands.length === 0) {
    kill(runPid, 'SIGKILL');
    return;
  }
  for (const pid of commands) kill(pid, signal);
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop() as number;
    for (const child of childrenOf(next)) {
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function parentOf(pid: number): number {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces: state, ppid, ...
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
