// The network cut in the middle of an upgrade's download, as a pulled cable would: the run says the
// mirror could not be reached (network-failed, exit 83) and leaves the chroot exactly as it was, and
// once the link is back a plain upgrade completes. The timer's refresh without a link says the same.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEvent, ltspChroot, pendingUpdates, type CliResult } from '../helpers/cli.js';
import { faultRandom } from '../helpers/fault-seed.js';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { buildLocalRepo, type TestPackage } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { startSlowMirror, type SlowMirror } from '../helpers/slow-mirror.js';
import { programFile } from '../helpers/programs.js';

const tree = useScratchTree('faults-network');
const random = faultRandom('network');
const cutAfterMs = Array.from({ length: random.points }, () => random.between(1000, 6000));

const pkg = 'ltsp-test-fetch';
const bigDeb = `pool/${pkg}_2.0_all.deb`;
// 8 seconds of download or more at the slow rate: every cut falls in the middle of it.
const payloadBytes = 24 * 1024 * 1024;
const slowRate = 3 * 1024 * 1024;
const bin = programFile('ltsp-chroot');

interface NetworkLink {
  namespace: string;
  hostSide: string;
  innerSide: string;
  hostAddress: string;
  innerAddress: string;
}

// Names and a subnet of this run's own, so runs side by side never share a link.
const subnet = `10.231.${process.pid % 250}`;
const link: NetworkLink = {
  namespace: `ltspfault-${process.pid}`,
  hostSide: `lfh${process.pid}`,
  innerSide: `lfn${process.pid}`,
  hostAddress: `${subnet}.1`,
  innerAddress: `${subnet}.2`,
};

let mirror: SlowMirror | undefined;
let template: string;
const repo = () => path.join(tree.root, 'repo');
const common = (cache: string) => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, cache)];
const upgrade = (name: string, cache: string) => ['upgrade', '--json', '--yes', ...common(cache), name];
const version = (number: string, more: Partial<TestPackage> = {}): TestPackage => ({ name: pkg, version: number, postinst: '#!/bin/sh\nexit 0\n', ...more });

const ip = (...args: string[]) => execa('ip', args);

/** A network namespace joined to the host by a veth pair: the server's only way to the chroots' apt. */
async function createLink(): Promise<void> {
  await ip('netns', 'add', link.namespace);
  await ip('link', 'add', link.hostSide, 'type', 'veth', 'peer', 'name', link.innerSide, 'netns', link.namespace);
  await ip('addr', 'add', `${link.hostAddress}/24`, 'dev', link.hostSide);
  await ip('link', 'set', link.hostSide, 'up');
  await ip('-n', link.namespace, 'addr', 'add', `${link.innerAddress}/24`, 'dev', link.innerSide);
  await ip('-n', link.namespace, 'link', 'set', link.innerSide, 'up');
  await ip('-n', link.namespace, 'link', 'set', 'lo', 'up');
}

/** Pull the cable (down) or plug it back in (up): the addresses stay, the kernel brings the routes back. */
async function setLink(state: 'up' | 'down'): Promise<void> {
  await ip('link', 'set', link.hostSide, state);
}

async function removeLink(): Promise<void> {
  await execa('ip', ['link', 'del', link.hostSide], { reject: false });
  await execa('ip', ['netns', 'del', link.namespace], { reject: false });
}

/**
 * Start `ltsp-chroot ARGS…` in the namespace's network. nsenter joins the network namespace only:
 * `ip netns exec` would also give the run a mount namespace of its own, hiding from this test the
 * mounts it makes and leaves.
 */
function inNamespace(args: readonly string[]) {
  return execa('nsenter', [`--net=/run/netns/${link.namespace}`, '--', process.execPath, bin, ...args], { reject: false });
}

async function runInNamespace(args: readonly string[]): Promise<CliResult> {
  const result = await inNamespace(args);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Run `script` in chroot `name` with the namespace's network; any failure stops the setup. */
async function insideWithNetwork(name: string, script: string): Promise<void> {
  const result = await runInNamespace(['exec', ...common('cache'), '--network', name, '--', 'sh', '-c', script]);
  if (result.exitCode !== 0) throw new Error(`"${script}" failed in ${name}: ${result.stderr}`);
}

/** A chroot with version 1.0 installed from the slow mirror, and the lists already saying 2.0 is there. */
async function chrootWithBigUpdate(name: string, url: string): Promise<string> {
  const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, name));
  await writeFile(path.join(root, 'etc/apt/sources.list'), `deb [trusted=yes] ${url} bookworm main\n`);
  // An administrator's setting: apt's default waits far longer on a dead link before it gives up.
  await writeFile(path.join(root, 'etc/apt/apt.conf.d/99network-timeout'), 'Acquire::http::Timeout "4";\n');
  await insideWithNetwork(name, `apt-get -q update && apt-get -y -q install ${pkg}`);
  await buildLocalRepo(repo(), { bookworm: [version('2.0', { payloadBytes })] });
  await insideWithNetwork(name, 'apt-get -q update');
  return root;
}

beforeAll(async () => {
  await createLink();
  await buildLocalRepo(repo(), { bookworm: [version('1.0')] });
  mirror = await startSlowMirror(repo(), link.hostAddress, slowRate);
  template = await chrootWithBigUpdate('template', mirror.url);
});

afterAll(async () => {
  await mirror?.close();
  await removeLink();
});

const installedVersion = async (root: string) => (await execa('chroot', [root, 'dpkg-query', '-W', '-f=${Version}', pkg])).stdout;
const dpkgAudit = async (root: string) => (await execa('chroot', [root, 'dpkg', '--audit'])).stdout;

/** Processes whose root is `dir`, after giving the kernel a moment to reap them; -1 when some stay. */
async function leftInside(dir: string): Promise<number> {
  // A confined process's root is the chroot seen from its own mount namespace: its link reads "/",
  // so it is told by the directory it leads to.
  const chroot = await stat(dir);
  for (let i = 0; i < 40; i++) {
    let left = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const where = await stat(`/proc/${pid}/root`).catch(() => undefined);
      if (where?.ino === chroot.ino && where.dev === chroot.dev) left++;
    }
    if (left === 0) return 0;
    await sleep(50);
  }
  return -1;
}

for (const [point, cutAfter] of cutAfterMs.entries()) {
  describe(`an upgrade whose link is cut ${cutAfter} ms into the download`, () => {
    const name = `cut-${point}`;
    // A cache of this point's own: a .deb another point fetched would leave nothing to download.
    const cache = `cache-${point}`;
    let root: string;
    let statusBefore: string;

    beforeAll(async () => {
      root = await copyChroot(template, path.join(tree.base, name));
      statusBefore = await readFile(path.join(root, 'var/lib/dpkg/status'), 'utf8');
    });

    it('fails as network-failed (exit 83) and leaves the chroot as it was', async () => {
      const server = mirror as SlowMirror;
      server.bytesPerSecond = slowRate;
      const sentBefore = server.sent(bigDeb);
      const downloading = server.startsSending(bigDeb).then(() => 'downloading');
      const run = inNamespace(upgrade(name, cache));
      expect(await Promise.race([downloading, run.then(() => 'ended')])).toBe('downloading');
      await sleep(cutAfter);
      const sentAtCut = server.sent(bigDeb) - sentBefore;
      await setLink('down');
      const result = await run;

      expect(sentAtCut).toBeLessThan((await stat(path.join(repo(), bigDeb))).size);
      expect(result.exitCode).toBe(83);
      // One line on stderr even with --json, for the journal or the terminal; the window reads the result.
      expect(String(result.stderr).trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^ltsp-chroot: ${name}: apt-get dist-upgrade could not download for ${name}: .+; check the server's network`))]);
      expect(lastEvent(String(result.stdout))).toMatchObject({
        type: 'result',
        command: 'upgrade',
        chroots: [{ chroot: name, upgraded: [], error: { chroot: name, code: 'network-failed', message: expect.stringMatching(new RegExp(`could not download for ${name}: .+; check the server's network`)) } }],
      });
      expect(await readFile(path.join(root, 'var/lib/dpkg/status'), 'utf8')).toBe(statusBefore);
      expect(await installedVersion(root)).toBe('1.0');
      expect(await dpkgAudit(root)).toBe('');
      expect(await mountsUnder(root)).toEqual([]);
      expect(await leftInside(root)).toBe(0);
    });

    it('is completed by a plain upgrade once the link is back', async () => {
      await setLink('up');
      // Back at full speed: what is tested is the cut, not the wait.
      (mirror as SlowMirror).bytesPerSecond = Number.POSITIVE_INFINITY;
      const result = await runInNamespace(upgrade(name, cache));
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(await installedVersion(root)).toBe('2.0');
      // check reads the lists only, with a private network: it needs no link at all.
      expect(await pendingUpdates(common(cache), name)).toBe(0);
      expect(await dpkgAudit(root)).toBe('');
    });
  });
}

describe("the timer's refresh with the link down from the start", () => {
  it('exits 83 and records network-failed in the status cache', async () => {
    const base = path.join(tree.root, 'timer/srv/ltsp');
    await mkdir(base, { recursive: true });
    await copyChroot(template, path.join(base, 'offline'));
    await setLink('down');
    let result: CliResult;
    try {
      // As ltsp-update-refresh.service runs it.
      result = await runInNamespace(['refresh', '--all', '--base-dir', base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache-timer')]);
    } finally {
      await setLink('up');
    }
    expect(result.exitCode).toBe(83);
    // The journal shows the step lines, then the one error line that says what to do.
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'offline: Refresh the package lists…',
      expect.stringMatching(/^offline: Refresh the package lists: failed: .*could not download for offline: .*Could not connect.*; check the server's network/),
      expect.stringMatching(/^ltsp-chroot: offline: .*could not download for offline: .*Could not connect.*; check the server's network/),
    ]);
    const status = await ltspChroot(['status', '--json', '--state-dir', tree.state]);
    const chroots = (lastEvent(status.stdout) as { chroots: { name: string; lastError: { code: string } | null }[] }).chroots;
    expect(chroots.find((entry) => entry.name === 'offline')?.lastError).toMatchObject({ code: 'network-failed' });
  });
});
