// A phased update (Phased-Update-Percentage, as Ubuntu rolls updates out) reaches a chroot when
// it reaches its server: apt in the chroot decides with the server's machine id, not with the
// id its copy happens to hold, and a deferred update is listed with its reason. apt itself is the
// judge of each id: `apt-get -s -o APT::Machine-ID=ID` in the chroot says what that id gets.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { buildLocalRepo, localRepoChroot } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('phasing');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];
const pkg = 'ltsp-test-phased';
let root: string;
let serverId: string;

interface Status { pending: number; packages: { name: string; to: string }[]; keptBack: string[]; keptBackReasons: { name: string; reason: string; percent?: number }[] }

/** Offer `version` of the package, rolled out to half the machines. */
async function offer(version: string): Promise<void> {
  // apt trusts its copy of a file: index while size and mtime's second stay the same; 2.1 and 2.2 are the same size.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await buildLocalRepo(path.join(root, 'srv/repo'), { bookworm: [{ name: pkg, version, phasedPercent: 50 }] });
  const updated = await ltspChroot(['exec', ...common(), 'phased', '--', 'apt-get', '-q', 'update']);
  expect(updated.exitCode, updated.stderr).toBe(0);
}

/** apt's own answer: would a machine with `id` take the offered version now? */
async function takes(id: string): Promise<boolean> {
  const simulated = await ltspChroot(['exec', ...common(), 'phased', '--', 'apt-get', '-s', '-o', `APT::Machine-ID=${id}`, 'dist-upgrade']);
  expect(simulated.exitCode, simulated.stderr).toBe(0);
  return simulated.stdout.includes(`Inst ${pkg} `);
}

/** The first version from 2.1 on that the server gets (or not) as `wanted` says, offered. */
async function offerOneTheServer(wanted: boolean): Promise<string> {
  for (let minor = 1; minor < 40; minor++) {
    await offer(`2.${minor}`);
    if ((await takes(serverId)) === wanted) return `2.${minor}`;
  }
  throw new Error('no version phased that way for this machine in 40 tries');
}

/** Give the chroot a machine id of its own that apt would decide the other way for the offered version. */
async function ownIdDeciding(wanted: boolean): Promise<void> {
  for (let tries = 0; tries < 40; tries++) {
    const id = randomBytes(16).toString('hex');
    if ((await takes(id)) !== wanted) continue;
    await writeFile(path.join(root, 'etc/machine-id'), `${id}\n`);
    return;
  }
  throw new Error('no machine id phased that way in 40 tries');
}

async function check(): Promise<Status> {
  const result = await ltspChroot(['check', '--json', ...common(), 'phased']);
  expect(result.exitCode, result.stderr).toBe(0);
  return (lastEvent(result.stdout) as { chroots: Status[] }).chroots[0] as Status;
}

beforeAll(async () => {
  serverId = (await readFile('/etc/machine-id', 'utf8')).trim();
  expect(serverId).toMatch(/^[0-9a-f]{32}$/);
  root = await localRepoChroot(tree.base, 'phased', common(), pkg);
}, 300_000);

describe('phased updates in a chroot', () => {
  it("defers an update the server is not in yet, though the chroot's own id would take it, and says so", async () => {
    await offerOneTheServer(false);
    await ownIdDeciding(true);
    const status = await check();
    expect(status.packages.map((entry) => entry.name)).not.toContain(pkg);
    expect(status.keptBack).toEqual([pkg]);
    expect(status.keptBackReasons).toEqual([{ name: pkg, reason: 'phasing', percent: 50 }]);
    const human = await ltspChroot(['status', '--state-dir', tree.state]);
    expect(human.stdout).toContain(`  Kept back: ${pkg} (a phased update, at 50 % of machines: this server and its chroots are not in yet)`);
  }, 300_000);

  it("takes an update the server is in, though the chroot's own id would not", async () => {
    const version = await offerOneTheServer(true);
    await ownIdDeciding(false);
    const status = await check();
    expect(status.packages.map((entry) => `${entry.name} ${entry.to}`)).toEqual([`${pkg} ${version}`]);
    expect(status.keptBack).toEqual([]);
    const upgrade = await ltspChroot(['upgrade', '--yes', '--json', ...common(), 'phased']);
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    const installed = await ltspChroot(['exec', ...common(), 'phased', '--', 'dpkg-query', '-W', '-f=${Version}', pkg]);
    expect(installed.stdout).toBe(version);
  }, 300_000);
});
