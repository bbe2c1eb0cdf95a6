// A private desktop for window tests: an Xvfb display and a D-Bus session bus on which GTK apps
// are reachable through AT-SPI, driven by atspi.py. Nothing leaks to or from the caller's session.
import { rmSync } from 'node:fs';
import { chown, copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';

// Debian's python: python3-pyatspi and the Atspi typelib are not visible to the pyenv one on PATH.
const python = '/usr/bin/python3';
const atspiScript = path.join(import.meta.dirname, 'atspi.py');

export interface Desktop {
  /** Give this to the app under test (execa merges it over process.env) and to anything else that must see the desktop. */
  env: Record<string, string>;
  /** Save the whole screen as a PNG. */
  screenshot(file: string): Promise<void>;
  /** Run `atspi.py ARGS…` against this desktop and return its parsed JSON; throws with its one-line error. */
  atspi(args: readonly string[]): Promise<unknown>;
  /** Kill the X server, the session bus and everything the bus started (accessibility bus, registry). */
  stop(): Promise<void>;
}

/** The first line a child writes to `stream`; rejects if the child ends or `ms` pass first. */
function firstLine(child: ResultPromise, stream: Readable | null, what: string, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    stream?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, end).trim());
      }
    });
    // execa's promise settles when the child exits: before the line, that is a failure to start.
    child.then(
      (result) => reject(new Error(`${what} exited (${String(result.exitCode ?? result.signal)}): ${String(result.stderr).trim()}`)),
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    ).finally(() => clearTimeout(timer));
  });
}

/** How to run a command as `user` (setpriv, which keeps the environment), or as ourselves; hands `runtimeDir` to that user. */
async function userRunner(user: string | undefined, runtimeDir: string): Promise<(command: string, args: readonly string[]) => [string, string[]]> {
  if (user === undefined) return (command, args) => [command, [...args]];
  const [uid, gid] = await Promise.all([execa('id', ['-u', user]), execa('id', ['-g', user])]).then((ids) => ids.map((id) => id.stdout.trim()));
  await chown(runtimeDir, Number(uid), Number(gid));
  return (command, args) => ['setpriv', [`--reuid=${uid ?? ''}`, `--regid=${gid ?? ''}`, '--clear-groups', command, ...args]];
}

/**
 * Start Xvfb, a session bus and the accessibility bus; resolves once atspi.py can see the bus.
 * With `user`, the session (bus, accessibility bus, atspi.py) belongs to that user, as a person's
 * does: apps under test then run as that user too (a session bus admits only its owner).
 */
export async function startDesktop(options: { user?: string } = {}): Promise<Desktop> {
  const started: ResultPromise[] = [];
  // Its own runtime dir: at-spi-bus-launcher puts its socket there (else in ~/.cache/at-spi/bus,
  // shared by every desktop running in parallel).
  const runtimeDir = await mkdtemp(path.join(os.tmpdir(), 'desktop-'));
  const asUser = await userRunner(options.user, runtimeDir);
  // The user may not reach the repository: give them their own copy of the script.
  const script = options.user ? path.join(runtimeDir, 'atspi.py') : atspiScript;
  if (options.user) await copyFile(atspiScript, script);

  // Detached children lead their own process group, and the bus's activated services
  // (at-spi-bus-launcher, its dbus-daemon, at-spi2-registryd) are in the bus's group: one kill each.
  const killAll = (signal: NodeJS.Signals): void => {
    for (const child of started) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  // execa does not clean up detached children when the test process exits: do it ourselves.
  const onExit = (): void => {
    killAll('SIGKILL');
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    killAll('SIGTERM');
    const timer = setTimeout(() => killAll('SIGKILL'), 5_000);
    await Promise.all(started);
    clearTimeout(timer);
    await rm(runtimeDir, { recursive: true, force: true });
  };

  try {
    // -displayfd: Xvfb picks a free display number itself and writes it once it accepts
    // connections, so parallel workers cannot race for a number and no socket polling is needed.
    const xvfb = execa('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { reject: false, detached: true });
    started.push(xvfb);
    const display = `:${await firstLine(xvfb, xvfb.stdout, 'Xvfb')}`;

    const env: Record<string, string> = {
      DISPLAY: display,
      XDG_RUNTIME_DIR: runtimeDir,
      ...(options.user ? { HOME: runtimeDir, USER: options.user } : {}),
      // A Wayland session around the test runner must not win over our X display.
      GDK_BACKEND: 'x11',
      // GTK 4 talks AT-SPI by default; say so anyway in case the caller's environment disabled it.
      GTK_A11Y: 'atspi',
      // GTK 3's bridge: 0 means load it.
      NO_AT_BRIDGE: '0',
      // Keep dconf-service off the bus and the user's real settings untouched.
      GSETTINGS_BACKEND: 'memory',
    };

    // The bus's activated services inherit its environment: at-spi-bus-launcher puts its socket
    // in $XDG_RUNTIME_DIR/at-spi/, named after DISPLAY.
    const bus = execa(...asUser('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1']), { reject: false, detached: true, env });
    started.push(bus);
    env['DBUS_SESSION_BUS_ADDRESS'] = await firstLine(bus, bus.stdout, 'dbus-daemon');

    // Start the accessibility bus now rather than on the app's first use, and pin its address:
    // GTK 4 and Atspi use AT_SPI_BUS_ADDRESS before asking the session bus, so one inherited from
    // the caller's session would send the app's tree there.
    const reply = await execa(...asUser('dbus-send', ['--session', '--print-reply=literal', '--dest=org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus.GetAddress']), { env });
    env['AT_SPI_BUS_ADDRESS'] = reply.stdout.trim();

    const desktop: Desktop = {
      env,
      async screenshot(file) {
        await execa('import', ['-window', 'root', file], { env });
      },
      async atspi(args) {
        let result = await execa(...asUser(python, [script, ...args]), { env, reject: false });
        // libatspi can crash while it walks a tree that is changing under it (a dialog opening):
        // that is the tool's fault, not the app's, so ask again.
        for (let retry = 0; retry < 3 && result.signal !== undefined && result.signal !== null; retry++) {
          result = await execa(...asUser(python, [script, ...args]), { env, reject: false });
        }
        if (result.exitCode !== 0) {
          throw new Error(String(result.stderr).trim() || `atspi.py ${args.join(' ')} exited with ${String(result.exitCode ?? result.signal)}`);
        }
        return JSON.parse(result.stdout) as unknown;
      },
      stop,
    };
    // Also starts at-spi2-registryd, and proves the whole chain works before any test relies on it.
    await desktop.atspi(['apps']);
    return desktop;
  } catch (error) {
    await stop();
    throw error;
  }
}
