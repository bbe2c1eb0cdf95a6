// The windows' view of the server: a status cache that holds it as the root job's `check --server`
// leaves it, and what its row says once the window's own quiet check (read only) has looked at
// this machine. Nothing here changes the machine's packages: the one run that updates a server
// runs on a disposable one (disposable-server.ts), with the window on this machine's display.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { lastEvent } from './cli.js';
import { engineOnServer, ltspChrootOnServer, makeServer } from './disposable-server.js';
import { copyChroot, fixture } from './fixtures.js';
import type { ScratchTree } from './scratch-tree.js';
import type { WindowDriver } from './window-driver.js';

/** An entry of the status cache, not checked yet. */
function entry(kind: 'server' | 'chroot', name: string, entryPath: string) {
  return {
    kind, name, path: entryPath, arch: 'amd64', verdict: 'native', verdictReason: 'runs natively', distribution: 'debian', release: 'bookworm',
    securityRules: 'debian', pending: null, security: null, downloadBytes: null, packages: [], held: [], keptBack: [], mode: null,
    nextRelease: null, behindServer: false, rebootRequired: false, lastCheck: null, lastRefresh: null, lastUpgrade: null, lastError: null,
  };
}

/** Write `<stateDir>/status.json` with the server and the chroots at `chrootPaths`. */
export async function writeCacheWithServer(stateDir: string, chrootPaths: readonly string[]): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const chroots = [entry('server', 'server', '/'), ...chrootPaths.map((chroot) => entry('chroot', path.basename(chroot), chroot))];
  await writeFile(path.join(stateDir, 'status.json'), JSON.stringify({ v: 1, updated: new Date().toISOString(), chroots }));
}

/** The server row's subtitle once checked, as a pattern: this machine's own count, from apt-get -s. */
export async function checkedServerPattern(): Promise<string> {
  const { stdout } = await execa('apt-get', ['-s', '-q', 'dist-upgrade'], { env: { LC_ALL: 'C' } });
  const pending = stdout.split('\n').filter((line) => line.startsWith('Inst ')).length;
  const { stdout: codename } = await execa('sh', ['-c', '. /etc/os-release && echo "$VERSION_CODENAME"']);
  const { stdout: arch } = await execa('dpkg', ['--print-architecture']);
  const summary = pending === 0 ? 'Up to date' : `${pending} updates? \\(\\d+ security\\)`;
  return `^${codename} \\(${arch}\\) — ${summary}$`;
}

/**
 * Both windows' scenario: once the root job has checked the server (its entry is in the cache),
 * the window opened by `open` shows it first, as "This server", and its quiet check (read only)
 * puts this machine's own count on its row.
 */
export async function expectServerFirst(window: WindowDriver, open: (stateDir: string) => void, tree: ScratchTree): Promise<void> {
  const stateDir = path.join(tree.root, 'state-with-server');
  const neighbour = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'neighbour'));
  await writeCacheWithServer(stateDir, [neighbour]);
  open(stateDir);
  await window.waitText('^This server$');
  await window.waitText('^neighbour$');
  const texts = await window.texts();
  // Each in its own group, the server's first.
  const order = ['Server', 'This server', 'Client chroots', 'neighbour'].map((text) => texts.indexOf(text));
  expect(order.every((index) => index >= 0), texts.join(' | ')).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  await window.waitText(await checkedServerPattern(), 120);
}

/**
 * Both windows' scenario of the daily notice: a disposable server with security updates and a
 * chroot of its own that needs them too, checked by its root job. The window (on this display,
 * its engine on that server) shows both; `update` presses the window's button; one engine run
 * updates the server and the chroot, server first, and both rows then say they are up to date.
 */
export async function expectOneRunOverServer(
  window: WindowDriver,
  open: (stateDir: string, env: Record<string, string>) => void,
  update: () => Promise<void>,
  tree: ScratchTree,
): Promise<void> {
  const root = await makeServer(path.join(tree.root, 'window-server'), 'ltsp-server');
  try {
    await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(root, 'srv/ltsp/lab'));
    const before = await ltspChrootOnServer(root, ['check', '--everything', '--json']);
    expect(before.exitCode, before.stderr).toBe(0);
    const pending = (lastEvent(before.stdout) as { chroots: { kind: string; pending: number }[] }).chroots.map((entry) => [entry.kind, entry.pending]);
    expect(pending.map(([kind]) => kind)).toEqual(['server', 'chroot']);
    expect(pending.every(([, count]) => Number(count) > 0)).toBe(true);

    const { engine, calls } = await engineOnServer(root, tree.root);
    open(path.join(root, 'var/lib/ltsp-update'), { LTSP_UPDATE_ENGINE: engine });
    await window.waitText('^This server$');
    await window.waitText('^lab$');
    await waitCount(window, / — \d+ updates? \(\d+ security\)$/, 2, 180);
    await update();
    await waitCount(window, / — Up to date/, 2, 900);

    // One run, the server named first, the chroot with it: not one per target.
    const runs = (await readFile(calls, 'utf8')).trim().split('\n').filter((line) => line.startsWith('upgrade'));
    expect(runs).toEqual(['upgrade --yes --server lab --json']);
    const after = await ltspChrootOnServer(root, ['check', '--everything', '--json']);
    expect((lastEvent(after.stdout) as { chroots: { pending: number }[] }).chroots.map((entry) => entry.pending)).toEqual([0, 0]);
  } finally {
    await execa('rm', ['-rf', '--one-file-system', root]);
  }
}

/** Wait until `count` texts of the window match `pattern` (each row says its own). */
async function waitCount(window: WindowDriver, pattern: RegExp, count: number, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const texts = await window.texts();
    if (texts.filter((text) => pattern.test(text)).length >= count) return;
    if (Date.now() > deadline) throw new Error(`${count} texts matching ${pattern} did not appear in ${timeoutSeconds} s; the window showed: ${texts.join(' | ').slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
