// The session notifier on a real (private) D-Bus: its tray item, its notifications, and "Show updates".
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { iconColours, type IconName } from '@ltsp-update/notifier';
import { itemProperty, startTestBus, type TestBus } from '../helpers/session-bus.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { programFile } from '../helpers/programs.js';

const tree = useScratchTree('notifier');
const bin = programFile('ltsp-update-notifier');
let testBus: TestBus;
let notifier: ResultPromise | undefined;
let stateDir: string;

function status(name: string, pending: number | null, security: number, extra: Record<string, unknown> = {}) {
  return {
    name, path: `/srv/ltsp/${name}`, arch: 'amd64', verdict: 'native', verdictReason: 'runs natively', distribution: 'debian', release: 'bookworm',
    securityRules: 'debian', pending, security, downloadBytes: 0,
    packages: Array.from({ length: pending ?? 0 }, (_, i) => ({ name: `pkg${i}`, from: '1', to: '2', suite: 'bookworm', security: i < security, sizeBytes: 1, isNew: false })),
    held: [], keptBack: [], mode: 'dist-upgrade', nextRelease: null, behindServer: false,
    lastCheck: '2026-11-26T00:00:00.000Z', lastRefresh: null, lastUpgrade: null, lastError: null, ...extra,
  };
}

/** Write the status cache the way the engine does: a temp file renamed into place. */
async function writeCache(chroots: unknown[]): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const temp = path.join(stateDir, 'status.json.tmp');
  await writeFile(temp, JSON.stringify({ v: 1, updated: new Date().toISOString(), chroots }));
  await rename(temp, path.join(stateDir, 'status.json'));
}

async function startNotifier(env: Record<string, string> = {}): Promise<string> {
  const before = testBus.watcher.items.length;
  notifier = execa(process.execPath, [bin], {
    env: { DBUS_SESSION_BUS_ADDRESS: testBus.address, LTSP_UPDATE_STATE_DIR: stateDir, ...env },
    reject: false,
  });
  // Up to 30 s on a loaded machine; until it registers, the last item is a previous test's notifier.
  for (let i = 0; i < 1200 && testBus.watcher.items.length === before; i++) await sleep(25);
  const service = testBus.watcher.items.length > before ? testBus.watcher.items.at(-1) : undefined;
  if (!service) throw new Error(`the notifier never registered: ${String(notifier.stderr ?? '')}`);
  return service;
}

/** Wait up to `ms` for `read` to return `expected` (the notifier reacts to file events, not a timer). */
async function eventually<T>(read: () => Promise<T>, expected: T, ms = 1000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(20);
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  stateDir = path.join(tree.root, 'state');
  testBus = await startTestBus();
});

afterEach(async () => {
  notifier?.kill();
  await notifier;
  notifier = undefined;
});

afterAll(async () => {
  await testBus?.stop();
});

describe('the tray item', () => {
  it.each([
    ['every chroot is up to date', [status('a', 0, 0), status('b', 0, 0)], 'Passive', 'security-high', ['a: up to date', 'b: up to date']],
    ['updates are pending', [status('a', 12, 0), status('b', 0, 0)], 'Active', 'security-medium', ['a: 12 updates (0 security)', 'b: up to date']],
    ['security updates are pending', [status('a', 12, 3), status('i386', 0, 0)], 'NeedsAttention', 'security-low', ['a: 12 updates (3 security)', 'i386: up to date']],
    ['one chroot cannot run', [status('a', 0, 0), status('arm64', null, 0, { verdict: 'unsupported', verdictReason: 'no emulator' })], 'Passive', 'security-high', ['a: up to date', 'arm64: cannot run on this host']],
    ['the server and a chroot have updates', [status('server', 3, 1, { kind: 'server', path: '/' }), status('a', 2, 0)], 'NeedsAttention', 'security-low', ['This server: 3 updates (1 security)', 'a: 2 updates (0 security)']],
    ['the server waits for a restart', [status('server', 0, 0, { kind: 'server', path: '/', rebootRequired: true }), status('a', 0, 0)], 'Active', 'dialog-information', ['This server: up to date; restart the server to finish', 'a: up to date']],
  ])('matches the status cache when %s', async (_what, chroots, expectedStatus, expectedIcon, lines) => {
    await writeCache(chroots);
    const service = await startNotifier();
    expect(await itemProperty(testBus.bus, service, 'Status')).toBe(expectedStatus);
    expect(await itemProperty(testBus.bus, service, 'IconName')).toBe(expectedIcon);
    // The fallback for a theme without the name: the state's own colour, opaque at the centre.
    const pixmaps = await itemProperty(testBus.bus, service, 'IconPixmap') as [number, number, Buffer][];
    expect(pixmaps.map(([width, height, pixels]) => [width, height, pixels.length])).toEqual([[22, 22, 22 * 22 * 4], [44, 44, 44 * 44 * 4]]);
    const centre = (pixmaps[0]?.[2] as Buffer).readUInt32BE((11 * 22 + 11) * 4);
    expect(centre.toString(16)).toBe((0xff000000 + iconColours[expectedIcon as IconName]).toString(16));
    const tooltip = await itemProperty(testBus.bus, service, 'ToolTip') as [string, unknown[], string, string];
    expect(tooltip[3].split('\n')).toEqual(lines);
  });

  it('follows a new status cache within a second, and notifies once per new state', async () => {
    await writeCache([status('a', 0, 0)]);
    const service = await startNotifier();
    const sentBefore = testBus.notifications.sent.length;
    await writeCache([status('a', 5, 2)]);
    const tooltip = await eventually(async () => ((await itemProperty(testBus.bus, service, 'ToolTip')) as string[])[3], 'a: 5 updates (2 security)');
    expect(tooltip).toBe('a: 5 updates (2 security)');
    await eventually(async () => testBus.notifications.sent.length, sentBefore + 1, 10_000);
    expect(testBus.notifications.sent.at(-1)).toMatchObject({ summary: 'Security updates for 1 LTSP chroot', body: 'a: 5 updates (2 security)' });
    expect(testBus.notifications.sent.at(-1)?.actions).toEqual(expect.arrayContaining(['show-updates', 'Show updates', 'dismiss', 'Dismiss']));
    // The same state written again (as every refresh does) sends nothing more.
    await writeCache([status('a', 5, 2)]);
    await sleep(500);
    expect(testBus.notifications.sent.length).toBe(sentBefore + 1);
  });
});

describe('one daily notice for the server and its chroots', () => {
  it('says the server has updates and its chroots need a few too', async () => {
    await writeCache([status('server', 0, 0, { kind: 'server', path: '/' }), status('a', 0, 0)]);
    const service = await startNotifier();
    const sentBefore = testBus.notifications.sent.length;
    await writeCache([status('server', 4, 1, { kind: 'server', path: '/' }), status('a', 2, 0), status('b', 0, 0)]);
    await eventually(async () => testBus.notifications.sent.length, sentBefore + 1, 10_000);
    expect(testBus.notifications.sent.at(-1)).toMatchObject({ summary: 'Security updates for this server', body: 'This server: 4 updates (1 security)\na: 2 updates (0 security)' });
    const tooltip = await itemProperty(testBus.bus, service, 'ToolTip') as [string, unknown[], string, string];
    expect(tooltip[2]).toBe('Security updates for this server');
  });
});

describe('"Show updates"', () => {
  it.each([
    ['GNOME', 'GNOME', 'gnome'],
    ['KDE', 'KDE', 'kde'],
  ])('starts the %s window', async (_name, desktop, which) => {
    await writeCache([status('a', 0, 0)]);
    const marker = path.join(tree.root, `${which}-started`);
    await startNotifier({
      XDG_CURRENT_DESKTOP: desktop,
      LTSP_UPDATE_GNOME_COMMAND: `touch ${path.join(tree.root, 'gnome-started')}`,
      LTSP_UPDATE_KDE_COMMAND: `touch ${path.join(tree.root, 'kde-started')}`,
    });
    const before = testBus.notifications.sent.length;
    await writeCache([status('a', 3, 0)]);
    // Generous waits: this is about which window starts, not how fast (other suites load the machine).
    expect(await eventually(async () => testBus.notifications.sent.length > before, true, 10_000)).toBe(true);
    const id = testBus.notifications.sent.at(-1)?.id as number;
    testBus.notifications.ActionInvoked(id, 'show-updates');
    expect(await eventually(async () => Boolean(await stat(marker).catch(() => undefined)), true, 10_000)).toBe(true);
    const other = path.join(tree.root, `${which === 'gnome' ? 'kde' : 'gnome'}-started`);
    expect(await stat(other).catch(() => undefined)).toBeUndefined();
    await execa('rm', ['-f', marker]);
  });
});

describe('clicking the tray icon', () => {
  it('opens the same window', async () => {
    await writeCache([status('a', 1, 0)]);
    const marker = path.join(tree.root, 'clicked');
    const service = await startNotifier({ XDG_CURRENT_DESKTOP: 'KDE', LTSP_UPDATE_KDE_COMMAND: `touch ${marker}` });
    const item = (await testBus.bus.getProxyObject(service, '/StatusNotifierItem')).getInterface('org.kde.StatusNotifierItem');
    await (item['Activate'] as (x: number, y: number) => Promise<void>)(0, 0);
    expect(await eventually(async () => Boolean(await stat(marker).catch(() => undefined)), true, 10_000)).toBe(true);
  });
});

describe('without a tray', () => {
  it('still sends notifications', async () => {
    const bare = await startTestBus({ watcher: false });
    try {
      await writeCache([status('a', 0, 0)]);
      const run = execa(process.execPath, [bin], { env: { DBUS_SESSION_BUS_ADDRESS: bare.address, LTSP_UPDATE_STATE_DIR: stateDir }, reject: false });
      await sleep(500);
      await writeCache([status('a', 1, 1)]);
      expect(await eventually(async () => bare.notifications.sent.length, 1, 10_000)).toBe(1);
      run.kill();
      await run;
    } finally {
      await bare.stop();
    }
    expect(await readFile(path.join(stateDir, 'status.json'), 'utf8')).toContain('"pending":1');
  });
});
