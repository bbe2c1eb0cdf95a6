// The windows' view of the server: a status cache that holds it as the root job's `check --server`
// leaves it, and what its row says once the window's own quiet check (read only) has looked at
// this machine. Nothing here changes the machine's packages.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
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
  expect(texts.indexOf('This server')).toBeLessThan(texts.indexOf('neighbour'));
  await window.waitText(await checkedServerPattern(), 120);
}
