// The KDE window tells the desktop who it is: Qt's desktop file name (Plasma's task manager, the
// portals and, on Wayland, the xdg app_id go by it) and its application name (X11's WM_CLASS).
// Qt 6.4's xcb plugin puts no desktop-file property on the window itself (seen with xprop: only
// WM_CLASS and the titles), so that one is read back from Qt in the window's own process.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { startApp, type AppProcess } from '../helpers/app-process.js';
import { installedLib, installedPrograms, programFile } from '../helpers/programs.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const repo = path.resolve(import.meta.dirname, '../..');
const kde = path.join(repo, 'apps/kde');
// The window's bundle, and the folder its nodegui is found from: the installed package's in the suite.
const bundle = installedPrograms ? path.join(installedLib, 'ltsp-update-kde.bundle.mjs') : path.join(kde, 'dist/main.bundle.js');
const bundleDir = installedPrograms ? installedLib : kde;
const desktopFile = installedPrograms ? '/usr/share/applications/org.ltsp.UpdateManager.KDE.desktop' : path.join(kde, 'data/org.ltsp.UpdateManager.KDE.desktop');
const tree = useScratchTree('kde-identity');
let desktop: Desktop;

beforeAll(async () => {
  desktop = await startDesktop();
});

afterAll(async () => {
  await desktop?.stop();
});

const env = () => ({ ...desktop.env, LTSP_UPDATE_STATE_DIR: tree.state, LTSP_CONF: path.join(tree.root, 'ltsp.conf'), AT_SPI_BUS_ADDRESS: undefined });

describe('the KDE window', () => {
  it('sets its desktop file name and display name in Qt', async () => {
    // The real bundle, started as its bin starts it; then Qt is asked from inside.
    const script = `process.title = 'ltsp-update-kde';
const { startApplication } = await import(${JSON.stringify(bundle)});
startApplication();
const { QApplication } = await import('@nodegui/nodegui');
process.stdout.write(JSON.stringify({ desktopFileName: QApplication.desktopFileName(), displayName: QApplication.applicationDisplayName() }) + '\\n');
process.exit(0);`;
    const result = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: bundleDir, env: env() });
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ desktopFileName: 'org.ltsp.UpdateManager.KDE', displayName: 'LTSP Updates' });
  });

  it('shows the desktop file and application name on its X window', async () => {
    const app: AppProcess = startApp(process.execPath, [programFile('ltsp-update-kde')], { env: env() });
    try {
      let props = '';
      for (const end = Date.now() + 60_000; !/WM_CLASS/.test(props) && Date.now() < end; await sleep(250)) {
        const found = await execa('xdotool', ['search', '--name', '^LTSP Updates$'], { env: desktop.env, reject: false });
        for (const id of found.stdout.split('\n').filter(Boolean)) {
          const xprop = await execa('xprop', ['-id', id, 'WM_CLASS', '_NET_WM_NAME'], { env: desktop.env, reject: false });
          if (/WM_CLASS\(STRING\) = /.test(xprop.stdout)) props = xprop.stdout;
        }
      }
      expect(props).toMatch(/WM_CLASS\(STRING\) = "ltsp-update-kde", "ltsp-update-kde"/);
      expect(props).toMatch(/_NET_WM_NAME\(UTF8_STRING\) = "LTSP Updates"/);
      // The desktop file the name points at is the one shipped.
      expect(await execa('test', ['-f', desktopFile]).then(() => true, () => false)).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
