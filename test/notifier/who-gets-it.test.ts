// Who gets the session notifier: the real daemon, started the way a desktop's autostart starts it,
// under real user accounts (made for the test, in sudo, in a group the settings name, in neither)
// and on a machine that looks like an LTSP client the way LTSP makes it look (/run/ltsp/client,
// or the kernel command line LTSP's iPXE menu boots with). Each run is in a mount namespace of its
// own, so the host's /etc/default, /run and /proc/cmdline are never touched.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { programFile } from '../helpers/programs.js';

const bin = programFile('ltsp-update-notifier');
const group = 'ltsptest-teachers';
const users = { admin: 'ltsptest-admin', teacher: 'ltsptest-teacher', pupil: 'ltsptest-pupil' } as const;
let scratch: string;
const running: ResultPromise[] = [];

async function removeAccounts(): Promise<void> {
  for (const user of Object.values(users)) await execa('userdel', [user], { reject: false });
  await execa('groupdel', [group], { reject: false });
}

beforeAll(async () => {
  await removeAccounts();
  await execa('groupadd', ['--system', group]);
  const account = (user: string, groups: string[]) => execa('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ...(groups.length ? ['--groups', groups.join(',')] : []), user]);
  await account(users.admin, ['sudo']);
  await account(users.teacher, [group]);
  await account(users.pupil, []);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'who-gets-it-'));
  await chmod(scratch, 0o755);
  await writeFile(path.join(scratch, 'status.json'), JSON.stringify({ v: 1, updated: new Date().toISOString(), chroots: [] }));
  await chmod(path.join(scratch, 'status.json'), 0o644);
});

afterEach(async () => {
  for (const child of running.splice(0)) {
    child.kill();
    await child;
  }
});

afterAll(async () => {
  await removeAccounts();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The user's own session bus, as their login would start it; resolves to its address. */
async function sessionBus(user: string): Promise<string> {
  const bus = execa('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', 'dbus-daemon', '--session', '--nofork', '--nopidfile', '--print-address=1'], { reject: false });
  running.push(bus);
  return await new Promise<string>((resolve, reject) => {
    bus.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    void bus.then((result) => reject(new Error(`dbus-daemon as ${user} exited: ${String(result.stderr)}`)));
  });
}

interface Machine {
  /** The text of /etc/default/ltsp-update; undefined: there is none. */
  defaults?: string;
  /** How this machine is an LTSP client, if it is. */
  client?: 'run-ltsp-client' | 'cmdline';
  bus?: string;
}

/** Start the notifier as `user` (setpriv with the groups their login gives them) on `machine`. */
// Resolves to a box around the child: an async function returning the child itself would wait for it to exit.
async function startNotifier(user: string, machine: Machine): Promise<{ child: ResultPromise }> {
  const defaults = path.join(scratch, `defaults-${Date.now()}`);
  const cmdline = path.join(scratch, 'cmdline');
  if (machine.defaults !== undefined) await writeFile(defaults, machine.defaults);
  // What LTSP 23.02's ltsp.ipxe boots an image client with.
  if (machine.client === 'cmdline') await writeFile(cmdline, 'initrd=ltsp.img ip=dhcp root=/dev/nfs nfsroot=192.168.67.1:/srv/ltsp ltsp.image=images/x86_64.img loop.max_part=9 quiet\n');
  const steps = [
    // Only in this namespace: the host's /etc/default, /run and /proc/cmdline stay as they are.
    'mount -t tmpfs -o mode=755 tmpfs /etc/default',
    ...(machine.defaults === undefined ? [] : [`cp "${defaults}" /etc/default/ltsp-update`, 'chmod 644 /etc/default/ltsp-update']),
    ...(machine.client === 'run-ltsp-client' ? ['mount -t tmpfs -o mode=755 tmpfs /run', 'mkdir -p /run/ltsp/client'] : []),
    ...(machine.client === 'cmdline' ? [`mount --bind "${cmdline}" /proc/cmdline`] : []),
    `exec setpriv --reuid="$1" --regid="$1" --init-groups "${process.execPath}" "${bin}"`,
  ];
  const child = execa('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `set -e; ${steps.join('; ')}`, 'sh', user], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LTSP_UPDATE_STATE_DIR: scratch,
      // No bus at all where the notifier should not start: it must decline before it looks for one.
      DBUS_SESSION_BUS_ADDRESS: machine.bus ?? 'unix:path=/nonexistent',
    },
    extendEnv: false,
    reject: false,
  });
  running.push(child);
  return { child };
}

/** Whether the notifier's tray item is on `user`'s bus within `ms` (asked as that user, as only they may). */
async function itemOnBus(user: string, bus: string, ms = 30_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const names = await execa('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', 'dbus-send', '--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames'], {
      env: { DBUS_SESSION_BUS_ADDRESS: bus }, reject: false,
    });
    if (/org\.kde\.StatusNotifierItem-\d+-1/.test(names.stdout)) return true;
  }
  return false;
}

/** A declined start: exit 0 and one line on stderr (the journal, under a desktop's autostart), nothing else. */
async function expectDeclined(child: ResultPromise, reason: RegExp): Promise<void> {
  const result = await child;
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toBe('');
  const lines = String(result.stderr).trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ltsp-update-notifier: not starting: /);
  expect(lines[0]).toMatch(reason);
}

const notAdmin = /not root and in none of the groups that administer the server/;
const client = /this is an LTSP client/;

describe('the notifier starts', () => {
  it('for a member of sudo, and stays', async () => {
    const bus = await sessionBus(users.admin);
    const { child } = await startNotifier(users.admin, { bus });
    expect(await itemOnBus(users.admin, bus)).toBe(true);
    expect(child.exitCode).toBeNull();
  });

  it('for a member of a group LTSP_UPDATE_ADMIN_GROUPS names', async () => {
    const bus = await sessionBus(users.teacher);
    const { child } = await startNotifier(users.teacher, { bus, defaults: `LTSP_UPDATE_DOWNLOAD=yes\nLTSP_UPDATE_ADMIN_GROUPS="lpadmin ${group}"\n` });
    expect(await itemOnBus(users.teacher, bus)).toBe(true);
    expect(child.exitCode).toBeNull();
  });
});

describe('the notifier declines, quietly', () => {
  it('for a user in neither sudo nor a named group', async () => {
    await expectDeclined((await startNotifier(users.pupil, { defaults: `LTSP_UPDATE_ADMIN_GROUPS="${group}"\n` })).child, notAdmin);
  });

  it('for a member of a group the settings do not name (the shipped settings file)', async () => {
    const shipped = path.resolve(import.meta.dirname, '../../packages/notifier/data/ltsp-update.default');
    await expectDeclined((await startNotifier(users.teacher, { defaults: await readFile(shipped, 'utf8') })).child, notAdmin);
  });

  it('for a member of sudo on an LTSP client (/run/ltsp/client, made by ltsp init)', async () => {
    await expectDeclined((await startNotifier(users.admin, { client: 'run-ltsp-client' })).child, /LTSP client \(\/run\/ltsp\/client exists\)/);
  });

  it('for a member of sudo on an LTSP client booted with ltsp.image= on its kernel command line', async () => {
    await expectDeclined((await startNotifier(users.admin, { client: 'cmdline' })).child, /LTSP client \(the kernel command line has ltsp\.image=images\/x86_64\.img\)/);
  });

  it('for root on an LTSP client', async () => {
    await expectDeclined((await startNotifier('root', { client: 'run-ltsp-client' })).child, client);
  });
});
