// One window in another language: the KDE window under LANG=ca_ES.UTF-8 shows its own labels and
// the shared model's in Catalan, from the catalogue the build merged (the installed one in the
// suite). A screenshot is kept in test-artifacts/i18n/ for a person to look at.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../helpers/app-process.js';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { windowDriver } from '../helpers/window-driver.js';

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts/i18n');
// The program the suite tests (the installed package's), else this checkout's.
const bin = process.env['LTSP_UPDATE_TEST_PROGRAMS'] === 'installed' ? '/usr/bin/ltsp-update-kde' : path.join(repo, 'apps/kde/bin/ltsp-update-kde.js');
const tree = useScratchTree('i18n-window');
let desktop: Desktop;
let app: AppProcess | undefined;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  await execa('sh', [path.join(repo, 'scripts/build-translations.sh')]);
  desktop = await startDesktop();
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

afterAll(async () => {
  await desktop?.stop();
});

describe('the KDE window under LANG=ca_ES.UTF-8', () => {
  it('shows its labels, buttons and the model’s page in Catalan', async () => {
    app = startApp(process.execPath, [bin], {
      env: {
        ...desktop.env,
        LANG: 'ca_ES.UTF-8',
        LC_ALL: undefined,
        LANGUAGE: undefined,
        LTSP_CONF: path.join(tree.root, 'ltsp.conf'),
        LTSP_UPDATE_STATE_DIR: tree.state,
        // As test/kde/window.test.ts: Qt finds the accessibility bus through the session bus.
        AT_SPI_BUS_ADDRESS: undefined,
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '1',
      },
    });
    const kde = windowDriver(desktop, 'ltsp-update-kde');
    // The model's page for a server without chroots, and the window's own words.
    await kde.waitText('^No hi ha chroot de clients$');
    await kde.waitText('^Aquest servidor encara no té cap chroot de clients LTSP\\.');
    const texts = await kde.texts();
    expect(texts).toEqual(expect.arrayContaining(['Actualitzacions de l\'LTSP', 'Torna a comprovar', 'Actualitza-ho tot']));
    expect(texts).not.toContain('Check Again');
    await desktop.screenshot(path.join(artifacts, 'kde-catalan.png'));
  });
});
