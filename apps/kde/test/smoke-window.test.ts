// The native build end to end: nodegui's addon (built by native/build-addon.mjs) loads in plain
// node, the smoke window opens on a real X display, and AT-SPI sees it and can drive it.
// Its picture is saved in test-artifacts/kde/ for a person to look at.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktop, type Desktop } from '../../../test/helpers/desktop.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const artifacts = path.join(repo, 'test-artifacts/kde');
const picture = path.join(artifacts, 'smoke-window.png');
const name = 'ltsp-update-kde';

interface Node { role: string; name: string; states: string[] }

let desktop: Desktop;
let app: ChildProcess;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  desktop = await startDesktop();
  app = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures/smoke-app.mjs'), picture], {
    env: {
      ...process.env,
      ...desktop.env,
      // Qt 6.4 takes an AT_SPI_BUS_ADDRESS from the environment and then never registers (it
      // announces itself before it listens for it): it has to find the bus through the session bus.
      AT_SPI_BUS_ADDRESS: undefined,
      // Qt's switch for "an assistive client is there" (it does not ask the session otherwise).
      QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(app.stdout!, 'data') as [Buffer];
  expect(line.toString().trim()).toBe('ready');
});

afterAll(async () => {
  if (app?.exitCode === null) {
    app.kill();
    await once(app, 'exit');
  }
  await desktop?.stop();
});

const dump = async () => await desktop.atspi(['dump', '--app', name]) as Node[];
const find = (nodes: Node[], role: string, text: string) => nodes.find((node) => node.role === role && node.name === text);

describe('the KDE smoke window', () => {
  it('paints itself, and Qt saves its picture', async () => {
    const png = await readFile(picture);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The IHDR chunk: the window's size.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 420]);
  });

  it('is on the accessibility bus under its process title, with its widgets', async () => {
    const apps = await desktop.atspi(['apps']) as { name: string; pid: number }[];
    expect(apps).toContainEqual({ name, pid: app.pid });
    const nodes = await dump();
    expect(find(nodes, 'frame', 'Software Updates')?.states).toContain('showing');
    // A QToolButton showing a QAction is a push button named after the action.
    expect(find(nodes, 'push button', 'Check Again')?.states).toContain('sensitive');
    // Tree items are table cells named after their text, one per column; a ticked one is "checked".
    expect(find(nodes, 'table cell', 'classroom')?.states).toEqual(expect.arrayContaining(['checked', 'expanded']));
    expect(find(nodes, 'table cell', 'libc6')?.states).not.toContain('checked');
    expect(nodes.map((node) => node.role)).toContain('progress bar');
    expect(find(nodes, 'label', 'Ready')).toBeDefined();
  });

  it('runs the action when AT-SPI presses its tool button', async () => {
    const clicked = await desktop.atspi(['click', '--app', name, '--role', 'push button', '--name', 'Check Again']);
    expect(clicked).toMatchObject({ action: 'Press' });
    await desktop.atspi(['wait-text', '--app', name, '--text', '^Checked 1 time$']);
  });

  it('selects a tree item through its AT-SPI action, which leaves its check box alone', async () => {
    const clicked = await desktop.atspi(['click', '--app', name, '--role', 'table cell', '--name', 'classroom']);
    expect(clicked).toMatchObject({ action: 'Toggle' });
    const cell = find(await dump(), 'table cell', 'classroom');
    expect(cell?.states).toEqual(expect.arrayContaining(['selected', 'checked']));
  });

  it('exits with 0 when its window is closed', async () => {
    const exit = once(app, 'exit');
    // The action calls window.close(): the same Close event as the window manager's close button.
    const click = desktop.atspi(['click', '--app', name, '--role', 'push button', '--name', 'Close'])
      .then(() => 'answered', (error: unknown) => String(error));
    expect(await exit).toEqual([0, null]);
    // The app exits inside the press, so Qt usually never answers it.
    expect(await click).toMatch(/^answered$|disconnected from message bus without replying/);
  });
});
