// The GNOME window as a person runs it: unprivileged, reaching the engine through the real pkexec
// and a real polkit (a system bus and polkitd of the test's own, in a mount and PID namespace; see
// polkit-sandbox.sh). A polkit rule of the test answers for the administrator: no, then yes.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ltspChroot, pendingUpdates } from '../helpers/cli.js';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { closeSynaptic, waitForSynaptic } from '../helpers/synaptic.js';
import { makeSlowChroot, releaseSlow, slowState, slowVersion } from '../helpers/slow-chroot.js';
import { windowDriver, type WindowDriver } from '../helpers/window-driver.js';
import { startApp, type AppProcess } from '../helpers/app-process.js';
import { installedPath, installedPrograms } from '../helpers/programs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts/gnome');
const sandbox = path.join(repo, 'test/helpers/polkit-sandbox.sh');
const user = 'nobody';
const tree = useScratchTree('gnome-user');
let desktop: Desktop;
let gnome: WindowDriver;
let app: AppProcess | undefined;
let conf: string;
let rules: string;
let classroom: string;

const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  await mkdir(tree.state, { recursive: true });
  conf = path.join(tree.root, 'ltsp.conf');
  await writeFile(conf, `[server]\nBASE_DIR=${tree.base}\n`);
  // polkitd runs as its own user and must read the rules.
  rules = await mkdtemp(path.join(tree.root, 'rules-'));
  await chmod(rules, 0o755);
  desktop = await startDesktop({ user });
  gnome = windowDriver(desktop, 'ltsp-update-gnome');

  // Its update configures a package until the test lets it go (at most 5 min), so the test can
  // watch the run and close the window during it, however loaded the machine.
  classroom = await makeSlowChroot(tree.base, 'classroom', common(), 300);
  expect(await pendingUpdates(common(), 'classroom')).toBeGreaterThan(1);
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

afterAll(async () => {
  await desktop?.stop();
});


/**
 * Start the window as `user`, with polkit answering `answer` for installing updates, as the
 * administrator would at its password dialog; checking is left to the policy's own default
 * (no password). `app` is its sandbox.
 */
async function startWindow(answer: 'YES' | 'NO', action = 'org.ltsp.update-manager.update'): Promise<void> {
  await writeFile(path.join(rules, '50-ltsp-update-test.rules'), `polkit.addRule(function (action, subject) {
  if (action.id == "${action}" && subject.user == "${user}") return polkit.Result.${answer};
});\n`);
  app = startApp('unshare', ['--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private',
    'sh', sandbox, rules, conf, tree.state, repo, user, '--', process.execPath, installedPrograms ? installedPath['ltsp-update-gnome'] : '/mnt/repo/apps/gnome/bin/ltsp-update-gnome.js'], {
    // No LTSP_CONF and no state dir: the window and the engine use the installed defaults, which the sandbox points at the test's tree.
    env: desktop.env,
  });
}

/** Whether the row's "Open in Synaptic…" can be clicked now (not while a run or Synaptic itself goes on). */
async function manageButtonSensitive(): Promise<boolean> {
  const nodes = await desktop.atspi(['dump', '--app', 'ltsp-update-gnome', '--timeout', '10']) as { role: string; name?: string; states?: string[] }[];
  const button = nodes.find((node) => node.role === 'push button' && node.name === 'Open in Synaptic…');
  return button?.states?.includes('sensitive') ?? false;
}

describe('the GNOME window as an unprivileged user', () => {
  it('opens and checks without asking for anything, then shows polkit’s refusal to update and changes nothing', async () => {
    const before = await pendingUpdates(common(), 'classroom');
    await startWindow('NO');
    // The window reads the status cache by itself; its background check needs no password.
    await gnome.waitText(`bookworm \\(amd64\\) — ${before} updates \\(\\d+ security\\)`);
    expect((await gnome.texts()).join('\n')).not.toMatch(/Not authorized/);
    await gnome.click('Update now');
    await gnome.waitText('Not authorized to update the chroots \\(Not authorized\\)');
    await desktop.screenshot(path.join(artifacts, 'polkit-refused.png'));
    expect(await pendingUpdates(common(), 'classroom')).toBe(before);
  });

  it('updates through pkexec, shows each phase, and finishes the run when the window is closed', async () => {
    await startWindow('YES');
    const child = (app as AppProcess).child;
    await gnome.waitText('bookworm \\(amd64\\) — \\d+ updates \\(\\d+ security\\)');
    // The background check ran through pkexec too: no error toast.
    expect((await gnome.texts()).join('\n')).not.toMatch(/Not authorized/);
    await gnome.click('Update now');
    // The row says what apt is doing to which package, with a progress bar that has moved.
    await gnome.waitText('bookworm \\(amd64\\) — Configuring ltsp-test-slow \\(\\w+\\) \\(\\d+ %\\)', 120);
    const bars = (await desktop.atspi(['dump', '--app', 'ltsp-update-gnome', '--timeout', '10']) as { role: string; value?: number }[])
      .filter((node) => node.role === 'progress bar');
    expect(bars.map((bar) => bar.value)).toEqual([expect.any(Number)]);
    expect(bars[0]?.value).toBeGreaterThan(0);
    await desktop.screenshot(path.join(artifacts, 'update-progress.png'));

    // Ctrl+W closes the window; the application stays until the engine is done, then leaves.
    const { stdout: id } = await execa('xdotool', ['search', '--name', '^LTSP Updates$'], { env: desktop.env });
    await execa('xdotool', ['windowfocus', '--sync', id.trim(), 'key', 'ctrl+w'], { env: desktop.env });
    await gnome.waitGone('Update now', 10);
    expect(child.exitCode).toBeNull();
    await releaseSlow(classroom);
    const ended = await child;
    expect(ended.exitCode).toBe(0);
    expect(await pendingUpdates(common(), 'classroom')).toBe(0);
    expect(await slowVersion('classroom', common())).toBe('2.0');
  });

  it("opens a chroot's own Synaptic from its row through its own polkit action, and closing it takes the session down", async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'synaptic'), path.join(tree.base, 'manager'));
    await ltspChroot(['check', '--json', ...common(), 'manager']);
    await startWindow('YES', 'org.ltsp.update-manager.package-manager');
    await gnome.waitText('^manager$');
    await gnome.click('Open in Synaptic…');
    // Synaptic itself, the chroot's, on this display: its window and its first-run dialog. Meanwhile
    // the window is busy with it (the button waits until it is closed).
    const synaptic = await waitForSynaptic(desktop);
    await desktop.screenshot(path.join(artifacts, 'synaptic.png'));
    expect(await manageButtonSensitive()).toBe(false);
    await closeSynaptic(desktop, synaptic);
    for (const end = Date.now() + 60_000; !(await manageButtonSensitive()); await new Promise((resolve) => setTimeout(resolve, 250))) {
      if (Date.now() > end) throw new Error('"Open in Synaptic…" is still insensitive a minute after Synaptic was closed');
    }
    expect(await mountsUnder(tree.base)).toEqual([]);
  });

  it('cancels a run it started through pkexec: the root engine stops cleanly, though the window may not signal it', async () => {
    await makeSlowChroot(tree.base, 'stopped', common(), 60);
    await ltspChroot(['check', '--json', ...common(), 'stopped']);
    await startWindow('YES');
    await gnome.waitText('^stopped$');
    await gnome.click('Update now');
    await gnome.waitText('Configuring ltsp-test-slow', 120);
    await gnome.click('Cancel');
    await gnome.waitText('^bookworm \\(amd64\\) — Stopped before it finished: “Update now” finishes it$', 60);
    await desktop.screenshot(path.join(artifacts, 'cancelled.png'));
    expect(await slowState('stopped', common())).not.toBe('ii 2.0');
  });
});
