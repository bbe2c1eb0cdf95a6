// The KDE window (Qt 6 through nodegui) on real chroots, driven through AT-SPI under Xvfb.
// Every test saves screenshots in test-artifacts/kde/ for a person to look at. The app shows in
// AT-SPI under its process title, ltsp-update-kde; tree items are table cells named by their text.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { holdChroot, ltspChroot, pendingUpdates } from '../helpers/cli.js';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { closeSynaptic, waitForSynaptic } from '../helpers/synaptic.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { expectRollBack } from '../helpers/image-rollback.js';
import { expectOneRunOverServer, expectServerFirst } from '../helpers/server-status.js';
import { makeSlowChroot, releaseSlow, slowState, slowVersion } from '../helpers/slow-chroot.js';
import { windowDriver, type WindowDriver } from '../helpers/window-driver.js';
import { startApp, type AppProcess } from '../helpers/app-process.js';
import { programFile } from '../helpers/programs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts/kde');
const bin = programFile('ltsp-update-kde');
const tree = useScratchTree('kde');
let desktop: Desktop;
let kde: WindowDriver;
let app: AppProcess | undefined;
let conf: string;

interface Node { role: string; name: string; states: string[] }

const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  conf = path.join(tree.root, 'ltsp.conf');
  await writeFile(conf, `[server]\nBASE_DIR=${tree.base}\n`);
  desktop = await startDesktop();
  kde = windowDriver(desktop, 'ltsp-update-kde');
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

afterAll(async () => {
  await desktop?.stop();
});

/** Start the window on the test's chroots, the way the desktop starts it (as root here: no pkexec). */
function startWindow(stateDir = tree.state, extra: Record<string, string> = {}): ResultPromise {
  app = startApp(process.execPath, [bin], {
    env: {
      ...desktop.env,
      LTSP_CONF: conf,
      LTSP_UPDATE_STATE_DIR: stateDir,
      // The test's own engine, or ltsp.conf.
      ...extra,
      // Qt 6.4 never registers with an AT_SPI_BUS_ADDRESS in its environment (it announces itself
      // before it listens for it): it finds the bus through the session bus instead.
      AT_SPI_BUS_ADDRESS: undefined,
      // Qt's switch for "an assistive client is there".
      QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '1',
    },
  });
  return app.child;
}

const dump = async () => await desktop.atspi(['dump', '--app', 'ltsp-update-kde', '--timeout', '10']) as Node[];


describe('the KDE window', () => {
  it('has a page of its own when the server has no chroots', async () => {
    startWindow();
    await kde.waitText('^No client chroots$');
    await kde.waitText('This server has no LTSP client chroot yet');
    await desktop.screenshot(path.join(artifacts, 'no-chroots.png'));
  });

  it('shows the chroots in a tree, and "Update All" really updates them with progress per chroot', async () => {
    const classroom = await makeSlowChroot(tree.base, 'classroom', common(), 300);
    await copyChroot(fixture('bookworm', 'arm64', 'foreign'), path.join(tree.base, 'rpi'));
    const expected = await pendingUpdates(common(), 'classroom');
    expect(expected).toBeGreaterThan(1);
    startWindow();
    const summary = await kde.waitText(`^bookworm \\(amd64\\) — ${expected} updates \\(\\d+ security\\)$`);
    expect(Number(/\((\d+) security\)/.exec(summary)?.[1])).toBeGreaterThan(0);
    // Children "Security updates" / "Other updates" with the packages: installed → new version, size.
    await kde.waitText('^Security updates$');
    await kde.waitText('^Other updates$');
    await kde.waitText('^1\\.0 → 2\\.0$');
    // A chroot that cannot run here says why, and is not ticked for "Update All".
    await kde.waitText('Cannot run on this computer: no emulator for arm64');
    const cells = await dump();
    expect(cells.find((node) => node.role === 'table cell' && node.name === 'classroom')?.states).toContain('checked');
    expect(cells.find((node) => node.role === 'table cell' && node.name === 'rpi')?.states).not.toContain('checked');
    await desktop.screenshot(path.join(artifacts, 'updates-pending.png'));

    await kde.click('Update All');
    // The row names the phase, the package and how far it is (its progress bar, an item widget,
    // is not in Qt's accessible tree; the screenshot shows it).
    await kde.waitText('^bookworm \\(amd64\\) — Configuring ltsp-test-slow \\(amd64\\) \\(\\d+ %\\)$', 120);
    await desktop.screenshot(path.join(artifacts, 'update-progress.png'));
    await releaseSlow(classroom);

    await kde.waitText('^bookworm \\(amd64\\) — Up to date$', 120);
    await kde.waitText('^Every chroot is up to date\\.$');
    // apt's own output of the run, in the details pane.
    await kde.waitText('classroom: Unpacking ');
    await desktop.screenshot(path.join(artifacts, 'updated.png'));
    expect(await pendingUpdates(common(), 'classroom')).toBe(0);
    expect(await slowVersion('classroom', common())).toBe('2.0');
  });

  it('has an error page when nothing can be shown, with the engine’s own words', async () => {
    // A file where the state folder should be: the cache cannot be read, and the check says why.
    const stateFile = path.join(tree.root, 'state-is-a-file');
    await writeFile(stateFile, 'not a folder\n');
    startWindow(stateFile);
    await kde.waitText('^Could not look at the client chroots$');
    await kde.waitText(`the state dir ${stateFile} is not a folder`);
    await desktop.screenshot(path.join(artifacts, 'error-page.png'));
  });

  it('keeps a busy chroot’s error on its row, says it once in a message bar, shows the full text, and stays usable', async () => {
    await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, 'classroom'), path.join(tree.base, 'rpi')]);
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'busy'));
    await ltspChroot(['check', '--json', ...common(), 'busy']);
    const holder = (await holdChroot(common(), 'busy')).child;
    try {
      startWindow();
      // The quiet check at start finds it busy: the row says so, the bar says it once, naming the chroot once.
      await kde.waitText('^bookworm \\(amd64\\) — Busy: another update is running \\(process \\d+\\)$', 60);
      await kde.waitText('^busy could not be checked$');
      await kde.click('Update Selected');
      await kde.waitText('^busy could not be updated$', 60);
      await desktop.screenshot(path.join(artifacts, 'busy-error.png'));
      // The whole message, one click away.
      await kde.click('Details');
      await kde.waitText('^busy could not be updated\\nbusy: busy is busy: process \\d+ \\(ltsp-chroot\\) holds \\S+lock-frontend; wait for it to finish and try again$');
      await desktop.screenshot(path.join(artifacts, 'busy-details.png'));
      // Not modal: the bar closes, and "Check Again" runs while the chroot is still busy (its
      // refresh fails the same way, and the bar comes back).
      await kde.click('Dismiss');
      await kde.waitGone('could not be', 20);
      await kde.click('Check Again');
      await kde.waitText('^busy could not be checked$', 60);
    } finally {
      holder.kill('SIGTERM');
      await holder;
    }
  });

  it('offers the next release in a message bar, and "Upgrade Now" runs the real release upgrade', async () => {
    await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, 'busy')]);
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'lab'));
    await ltspChroot(['check', '--all', '--json', ...common()]);
    startWindow();
    await kde.waitText('^trixie is available for lab$');
    await desktop.screenshot(path.join(artifacts, 'release-bar.png'));
    await kde.click('Upgrade Now');
    await kde.waitText('^Upgrade lab to trixie\\?');
    await desktop.screenshot(path.join(artifacts, 'release-confirm.png'));
    await kde.click('Upgrade');
    await kde.waitText('^trixie \\(amd64\\) — Up to date$', 240);
    await desktop.screenshot(path.join(artifacts, 'release-done.png'));
    const osRelease = await execa('grep', ['^VERSION_CODENAME=', path.join(tree.base, 'lab/etc/os-release')]);
    expect(osRelease.stdout).toBe('VERSION_CODENAME=trixie');
  });

  it('cancels a run with "Cancel": the engine stops cleanly and the row says so', async () => {
    await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, 'lab')]);
    await makeSlowChroot(tree.base, 'stopped', common(), 60);
    await ltspChroot(['check', '--json', ...common(), 'stopped']);
    startWindow();
    await kde.waitText('^bookworm \\(amd64\\) — \\d+ updates');
    await kde.click('Update All');
    await kde.waitText('Configuring ltsp-test-slow', 120);
    await kde.click('Cancel');
    await kde.waitText('^bookworm \\(amd64\\) — Stopped before it finished: “Update now” finishes it$', 60);
    await desktop.screenshot(path.join(artifacts, 'cancelled.png'));
    // Stopped in its postinst, not finished (the next update finishes it; interrupt.test.ts shows
    // that); the scratch tree's own check finds nothing left mounted.
    expect(await slowState('stopped', common())).not.toBe('ii 2.0');
  });

  it('keeps a run going when the window is closed, and ends when it is done', async () => {
    await execa('rm', ['-rf', '--one-file-system', path.join(tree.base, 'stopped')]);
    // Its postinst waits for the test (at most 5 min): the window is closed while it surely runs.
    const slow = await makeSlowChroot(tree.base, 'slow', common(), 300);
    await ltspChroot(['check', '--json', ...common(), 'slow']);
    const child = startWindow();
    await kde.waitText('^bookworm \\(amd64\\) — \\d+ updates');
    await kde.click('Update All');
    await kde.waitText('Configuring ltsp-test-slow', 120);
    // Ctrl+Q, as the window's ✕ would.
    await kde.click('Close');
    // Hidden, not gone: Qt keeps a hidden window in the accessible tree, no longer showing.
    for (let tries = 0; ; tries++) {
      const frame = (await dump()).find((node) => node.role === 'frame' && node.name === 'LTSP Updates');
      if (!frame?.states.includes('showing')) break;
      if (tries > 40) throw new Error('the window is still showing after Close');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(child.exitCode).toBeNull();
    await releaseSlow(slow);
    const ended = await child;
    expect(ended.exitCode).toBe(0);
    expect(await pendingUpdates(common(), 'slow')).toBe(0);
    expect(await slowVersion('slow', common())).toBe('2.0');
  });

  it("opens the current chroot's own Synaptic from the tool bar, and the session goes when it is closed", async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'synaptic'), path.join(tree.base, 'manager'));
    await ltspChroot(['check', '--json', ...common(), 'manager']);
    startWindow();
    await kde.waitText('^manager$');
    // The tool bar's action names the current chroot's package manager: pick the row first.
    await kde.pointAndClick('manager', 'table cell');
    await kde.click('Open in Synaptic…');
    await kde.waitText('^Synaptic is open in manager…$', 60);
    const synaptic = await waitForSynaptic(desktop);
    await desktop.screenshot(path.join(artifacts, 'synaptic.png'));
    await closeSynaptic(desktop, synaptic);
    await kde.waitGone('^Synaptic is open in manager…$', 60);
    expect(await mountsUnder(tree.base)).toEqual([]);
  });

  it('shows the server first, as "This server", and checks it with the chroots', async () => {
    await expectServerFirst(kde, (stateDir) => { startWindow(stateDir); }, tree);
    await desktop.screenshot(path.join(artifacts, 'server-first.png'));
  });

  it('shows the image a chroot’s clients boot, and "Roll back" in the tool bar switches them to the one before', async () => {
    // The row names its image in a column; the tool bar's action names the current chroot's image before: the row is picked first.
    await expectRollBack(kde, (stateDir, env) => { startWindow(stateDir, env); }, () => kde.pointAndClick('kernel', 'table cell').then(() => undefined), async (label) => {
      await desktop.screenshot(path.join(artifacts, 'image-versions.png'));
      await kde.click(label);
    }, tree);
    await desktop.screenshot(path.join(artifacts, 'rolled-back.png'));
  });

  it('updates a disposable server and its chroot in one run with "Update All"', async () => {
    await expectOneRunOverServer(kde, (stateDir, env) => { startWindow(stateDir, env); }, async () => {
      await kde.click('Update All');
      await desktop.screenshot(path.join(artifacts, 'server-and-chroot-updating.png'));
    }, tree);
    await desktop.screenshot(path.join(artifacts, 'server-and-chroot-updated.png'));
  });
});
