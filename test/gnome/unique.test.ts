// The GNOME window is one per session: a second launch raises the first, and D-Bus activation
// (org.freedesktop.Application.Activate, as GNOME Shell uses for DBusActivatable=true) opens it.
// Real Xvfb, a real session bus that activates from the shipped service file (Exec pointed at
// this checkout's binary, where /usr/bin/ltsp-update-gnome is not installed), the real window.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { programFile } from '../helpers/programs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = programFile('ltsp-update-gnome');
const started: ResultPromise[] = [];
let scratch: string;
let env: Record<string, string>;
let bus: ResultPromise;

/** The first line `child` prints. */
function firstLine(child: ResultPromise): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]?.trim() ?? '');
    });
    void child.then((result) => reject(new Error(`${String(result.command)} exited: ${String(result.stderr)}`)));
  });
}

/** Start a bus and Xvfb, with the service file installed in the bus's service folder. */
async function startSession(): Promise<void> {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'gnome-unique-'));
  const services = path.join(scratch, 'services');
  await mkdir(services);
  const shipped = await readFile(path.join(repo, 'apps/gnome/data/org.ltsp.UpdateManager.service'), 'utf8');
  expect(shipped).toMatch(/^Exec=\/usr\/bin\/ltsp-update-gnome --gapplication-service$/m);
  await writeFile(path.join(services, 'org.ltsp.UpdateManager.service'), shipped.replace('/usr/bin/ltsp-update-gnome', `${process.execPath} ${bin}`));
  await writeFile(path.join(scratch, 'bus.conf'), `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${scratch}</listen><servicedir>${services}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`);
  const xvfb = execa('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { reject: false });
  started.push(xvfb);
  const display = `:${await firstLine(xvfb)}`;
  await mkdir(path.join(scratch, 'state'));
  env = { DISPLAY: display, GDK_BACKEND: 'x11', GSETTINGS_BACKEND: 'memory', XDG_RUNTIME_DIR: scratch, LTSP_UPDATE_STATE_DIR: path.join(scratch, 'state'), LTSP_CONF: path.join(scratch, 'ltsp.conf'), NO_AT_BRIDGE: '1', GTK_A11Y: 'none' };
  // The activated window inherits the bus's environment, as a session's does.
  bus = execa('dbus-daemon', [`--config-file=${path.join(scratch, 'bus.conf')}`, '--nofork', '--nopidfile', '--print-address=1'], { reject: false, env });
  started.push(bus);
  env['DBUS_SESSION_BUS_ADDRESS'] = await firstLine(bus);
}

/** The ids of the X windows titled like ours. */
async function windows(): Promise<string[]> {
  const found = await execa('xdotool', ['search', '--onlyvisible', '--name', '^LTSP Updates$'], { env, reject: false });
  return found.stdout.split('\n').filter(Boolean);
}

async function waitWindows(count: number, ms = 60_000): Promise<string[]> {
  let found = await windows();
  for (const end = Date.now() + ms; found.length !== count && Date.now() < end; await sleep(200)) found = await windows();
  return found;
}

/**
 * The pids of the window processes on this test's bus (their title is ltsp-update-gnome; window
 * tests running beside this one have their own buses).
 */
async function instances(): Promise<string[]> {
  const pids: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const [cmdline, environ] = await Promise.all([readFile(`/proc/${pid}/cmdline`, 'utf8'), readFile(`/proc/${pid}/environ`, 'utf8')].map((read) => read.catch(() => '')));
    if (cmdline?.startsWith('ltsp-update-gnome') && environ?.split('\0').includes(`DBUS_SESSION_BUS_ADDRESS=${env['DBUS_SESSION_BUS_ADDRESS'] ?? ''}`)) pids.push(pid);
  }
  return pids;
}

beforeAll(startSession);

afterEach(async () => {
  for (const pid of await instances()) process.kill(Number(pid), 'SIGTERM');
  for (const end = Date.now() + 10_000; (await instances()).length > 0 && Date.now() < end;) await sleep(100);
});

afterAll(async () => {
  for (const child of started.splice(0).reverse()) {
    child.kill();
    await child;
  }
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the GNOME window on one session bus', () => {
  it('launched twice: one process and one window, and the second launch exits 0', async () => {
    const first = execa(process.execPath, [bin], { env, reject: false });
    expect(await waitWindows(1)).toHaveLength(1);
    const second = await execa(process.execPath, [bin], { env, reject: false, timeout: 60_000 });
    expect(second.exitCode).toBe(0);
    await sleep(1000);
    expect(await windows()).toHaveLength(1);
    expect(await instances()).toEqual([String(first.pid)]);
    first.kill();
    await first;
  });

  it('opens its window when activated over D-Bus, from the service file', async () => {
    expect(await instances()).toEqual([]);
    await execa('gdbus', ['call', '--session', '--dest', 'org.ltsp.UpdateManager', '--object-path', '/org/ltsp/UpdateManager', '--method', 'org.freedesktop.Application.Activate', '{}'], { env, timeout: 60_000 });
    expect(await waitWindows(1)).toHaveLength(1);
    expect(await instances()).toHaveLength(1);
  });
});
