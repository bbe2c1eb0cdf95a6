// The GNOME window (node-gtk, GTK 4, libadwaita) on real chroots, driven through AT-SPI under Xvfb.
// Every test saves screenshots in test-artifacts/gnome/ for a person to look at. The app shows
// in AT-SPI under its process title, ltsp-update-gnome.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { ltspChroot, pendingUpdates, startLtspChroot } from '../helpers/cli.js';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { windowDriver, type WindowDriver } from '../helpers/window-driver.js';
import { startApp, type AppProcess } from '../helpers/app-process.js';

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts/gnome');
const bin = path.join(repo, 'apps/gnome/bin/ltsp-update-gnome.js');
const tree = useScratchTree('gnome');
let desktop: Desktop;
let app: AppProcess | undefined;
let conf: string;
let gnome: WindowDriver;

const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  conf = path.join(tree.root, 'ltsp.conf');
  await writeFile(conf, `[server]\nBASE_DIR=${tree.base}\n`);
  desktop = await startDesktop();
  gnome = windowDriver(desktop, 'ltsp-update-gnome');
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

afterAll(async () => {
  await desktop?.stop();
});

/** Start the window on the test's chroots, the way the desktop starts it (as root here: no pkexec). */
function startWindow(): void {
  app = startApp(process.execPath, [bin], {
    env: { ...desktop.env, LTSP_CONF: conf, LTSP_UPDATE_STATE_DIR: tree.state },
  });
}


describe('the GNOME window', () => {
  it('lists a chroot with its security updates, and "Update now" really updates it', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'classroom'));
    await copyChroot(fixture('bookworm', 'arm64', 'foreign'), path.join(tree.base, 'rpi'));
    const expected = await pendingUpdates(common(), 'classroom');
    expect(expected).toBeGreaterThan(0);
    startWindow();
    await gnome.waitText(`classroom`);
    await gnome.waitText(`bookworm \\(amd64\\) — ${expected} updates \\(${expected} security\\)`);
    // A chroot that cannot run here is shown with the reason, and cannot be ticked.
    await gnome.waitText('Cannot run on this computer: no emulator for arm64');
    await desktop.screenshot(path.join(artifacts, 'updates-pending.png'));
    // Opened, the row lists its packages (built only now) under "Security updates".
    await gnome.click('classroom', 'list item');
    await gnome.waitText('Security updates');
    await gnome.waitText('^\\S+ → \\S+ · [\\d.]+ (B|kB|MB)$');
    await desktop.screenshot(path.join(artifacts, 'updates-expanded.png'));

    await gnome.click('Update now');
    await gnome.waitText('bookworm \\(amd64\\) — Up to date', 120);
    await desktop.screenshot(path.join(artifacts, 'updated.png'));
    expect(await pendingUpdates(common(), 'classroom')).toBe(0);
  });

  it('shows the engine’s error when the chroot is busy, and stays usable', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'busy'));
    await ltspChroot(['check', '--json', ...common(), 'busy']);
    const holder = startLtspChroot(['exec', ...common(), 'busy', '--', 'sleep', '120'], { stdio: 'ignore' });
    try {
      startWindow();
      await gnome.waitText('busy');
      await gnome.waitText('bookworm \\(amd64\\) — \\d+ updates');
      await gnome.click('Update now');
      await gnome.waitText('busy: busy is busy: process \\d+ \\(ltsp-chroot\\) holds', 60);
      await desktop.screenshot(path.join(artifacts, 'busy-error.png'));
      // Still usable: once the other run is over, "Update now" in the same window updates it.
      holder.kill('SIGTERM');
      await holder;
      await gnome.click('Update now');
      await gnome.waitText('bookworm \\(amd64\\) — Up to date', 120);
    } finally {
      holder.kill('SIGTERM');
      await holder;
    }
  });

  it('offers the next release in a banner, and "Upgrade…" runs the real release upgrade', async () => {
    // Alone in its base dir: the other tests' chroots would have banners of their own.
    for (const name of ['classroom', 'rpi', 'busy']) await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, name)]);
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'lab'));
    await ltspChroot(['check', '--all', '--json', ...common()]);
    startWindow();
    await gnome.waitText('trixie is available for lab');
    await desktop.screenshot(path.join(artifacts, 'release-banner.png'));
    // The only chroot with a banner, so the only "Upgrade…" button.
    await gnome.waitText('lab');
    await gnome.click('Upgrade…');
    await gnome.waitText('Upgrade lab to trixie\\?');
    await gnome.waitText('Keep a copy to roll back to if the upgrade fails');
    await desktop.screenshot(path.join(artifacts, 'release-confirm.png'));
    await gnome.click('Upgrade');
    await gnome.waitText('trixie \\(amd64\\) — Up to date', 240);
    await desktop.screenshot(path.join(artifacts, 'release-done.png'));
    const osRelease = await execa('grep', ['^VERSION_CODENAME=', path.join(tree.base, 'lab/etc/os-release')]);
    expect(osRelease.stdout).toBe('VERSION_CODENAME=trixie');
  });

  it('shows a chroot whose name looks like markup exactly as it is named', async () => {
    // With Pango markup on, "<i>" would turn italic and vanish from the text, and a lone "<" would blank the row.
    await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'lab<i>2'));
    await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'a<b'));
    startWindow();
    await gnome.waitText('^lab<i>2$');
    await gnome.waitText('^a<b$');
    await desktop.screenshot(path.join(artifacts, 'markup-names.png'));
  });
});
