// The GNOME window (node-gtk, GTK 4, libadwaita) on real chroots, driven through AT-SPI under Xvfb.
// Every test saves screenshots in test-artifacts/gnome/ for a person to look at. The app shows
// in AT-SPI under its process title, ltsp-update-gnome.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { holdChroot, ltspChroot, pendingUpdates } from '../helpers/cli.js';
import { makeSlowChroot, slowState } from '../helpers/slow-chroot.js';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { expectRollBack } from '../helpers/image-rollback.js';
import { expectOneRunOverServer, expectServerFirst } from '../helpers/server-status.js';
import { windowDriver, type WindowDriver } from '../helpers/window-driver.js';
import { startApp, type AppProcess } from '../helpers/app-process.js';
import { programFile } from '../helpers/programs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts/gnome');
const bin = programFile('ltsp-update-gnome');
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
function startWindow(stateDir = tree.state, env: Record<string, string> = {}): void {
  app = startApp(process.execPath, [bin], {
    env: { ...desktop.env, LTSP_CONF: conf, LTSP_UPDATE_STATE_DIR: stateDir, ...env },
  });
}


describe('the GNOME window', () => {
  it('has a page of its own when the server has no chroots', async () => {
    startWindow();
    await gnome.waitText('^No client chroots$');
    await gnome.waitText('This server has no LTSP client chroot yet');
    await desktop.screenshot(path.join(artifacts, 'no-chroots.png'));
  });

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

  it('has an error page when nothing can be shown, with the engine’s own words', async () => {
    // A file where the state folder should be: the cache cannot be read, and the check says why.
    const stateFile = path.join(tree.root, 'state-is-a-file');
    await writeFile(stateFile, 'not a folder\n');
    startWindow(stateFile);
    await gnome.waitText('^Could not look at the client chroots$');
    await gnome.waitText(`the state dir ${stateFile} is not a folder`);
    await desktop.screenshot(path.join(artifacts, 'error-page.png'));
  });

  it('keeps a busy chroot’s error on its row, says it once, shows the full text, and stays usable', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'busy'));
    await ltspChroot(['check', '--json', ...common(), 'busy']);
    const holder = (await holdChroot(common(), 'busy')).child;
    try {
      startWindow();
      // The quiet check at start finds it busy: the row says so, and the toast says it once, naming the chroot once.
      await gnome.waitText(`^bookworm \\(amd64\\) — Busy: another update is running \\(process \\d+\\)$`, 60);
      await gnome.waitText('^busy could not be checked$');
      await gnome.click('Update now');
      await gnome.waitText('^busy could not be updated$', 60);
      await desktop.screenshot(path.join(artifacts, 'busy-error.png'));
      // The whole message, which no toast has room for.
      // libadwaita 1.2 names a toast's button by its label twice over.
      await gnome.click('Show Details Show Details');
      await gnome.waitText('^busy: busy is busy: process \\d+ \\(ltsp-chroot\\) holds \\S+lock-frontend; wait for it to finish and try again$');
      await desktop.screenshot(path.join(artifacts, 'busy-details.png'));
      await gnome.click('OK OK'); // The same doubling, in Adw.MessageDialog's buttons.
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

  it('cancels a run with "Cancel": the engine stops cleanly and the row says so', async () => {
    await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, 'busy')]);
    await makeSlowChroot(tree.base, 'slow', common(), 60);
    await ltspChroot(['check', '--json', ...common(), 'slow']);
    startWindow();
    await gnome.waitText('^slow$');
    await gnome.click('Update now');
    await gnome.waitText('Configuring ltsp-test-slow', 120);
    await gnome.click('Cancel');
    await gnome.waitText('^bookworm \\(amd64\\) — Stopped before it finished: “Update now” finishes it$', 60);
    await desktop.screenshot(path.join(artifacts, 'cancelled.png'));
    // Stopped in its postinst, not finished (the next update finishes it; interrupt.test.ts shows
    // that); the scratch tree's own check finds nothing left mounted.
    expect(await slowState('slow', common())).not.toBe('ii 2.0');
  });

  it('offers the next release in a banner, and "Upgrade…" runs the real release upgrade', async () => {
    // Alone in its base dir: the other tests' chroots would have banners of their own.
    for (const name of ['classroom', 'rpi', 'slow']) await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, name)]);
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

  it('shows the server first, as "This server", and checks it with the chroots', async () => {
    await expectServerFirst(gnome, (stateDir) => { startWindow(stateDir); }, tree);
    await desktop.screenshot(path.join(artifacts, 'server-first.png'));
  });

  it('shows the image a chroot’s clients boot, and "Roll back" on its row switches them to the one before', async () => {
    // Opened, the row names the image its clients boot; the button is on the row itself. The row
    // is opened on its name: the middle of the row, where a click on a list item goes, is the button.
    await expectRollBack(gnome, (stateDir, env) => { startWindow(stateDir, env); }, () => gnome.pointAndClick('kernel', 'label').then(() => undefined), async (label) => {
      await desktop.screenshot(path.join(artifacts, 'image-versions.png'));
      await gnome.click(label);
    }, tree);
    await desktop.screenshot(path.join(artifacts, 'rolled-back.png'));
  });

  it('updates a disposable server and its chroot in one run with "Update now"', async () => {
    await expectOneRunOverServer(gnome, (stateDir, env) => { startWindow(stateDir, env); }, async () => {
      await gnome.click('Update now');
      await desktop.screenshot(path.join(artifacts, 'server-and-chroot-updating.png'));
    }, tree);
    await desktop.screenshot(path.join(artifacts, 'server-and-chroot-updated.png'));
  });
});
