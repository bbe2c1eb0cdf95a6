// One "Upgrade" for the server and its chroots, on a disposable server (never this machine): every
// preflight before anything changes; then the server, then each chroot of its release, one of
// which fails and is rolled back while the others finish; then LTSP's initrd; a chroot of another
// release is left alone, and shows as behind the server afterwards.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { ltspChrootOnServer, makeServer, onServer } from '../helpers/disposable-server.js';
import { copyChroot, ensureFixture, fixture } from '../helpers/fixtures.js';
import { buildLocalRepo } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('server-release');

interface Move {
  chroot: string;
  kind: string;
  from: string;
  to: string;
  moved: boolean;
  upgraded: number;
  snapshot: string | null;
  initrd?: { ran: boolean; reason: string };
  phases: Record<string, number>;
  error: { code: string; message: string } | null;
}

let root: string;
let chroots: string;

const codename = async (dir: string) => /^VERSION_CODENAME=(.*)$/m.exec(await readFile(path.join(dir, 'etc/os-release'), 'utf8'))?.[1];
const packageList = async (name: string) => String((await onServer(root, `chroot /srv/ltsp/${name} dpkg-query -W -f '\${binary:Package} \${Version} \${db:Status-Abbrev}\\n'`)).stdout);
const ltspVersion = async () => String((await onServer(root, "dpkg-query -W -f='${Version}' ltsp")).stdout);

beforeAll(async () => {
  await ensureFixture('bullseye', 'amd64', 'updates');
  root = await makeServer(path.join(tree.root, 'server'), 'ltsp-server');
  chroots = path.join(root, 'srv/ltsp');
  await mkdir(chroots, { recursive: true });
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(chroots, 'lab'));
  await copyChroot(fixture('bullseye', 'amd64', 'updates'), path.join(chroots, 'old'));
  // A chroot with a package whose trixie version fails to configure: its move fails halfway.
  const canary = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(chroots, 'canary'));
  const version = (number: string, postinst: string) => ({ name: 'ltsp-test-canary', version: number, postinst });
  await buildLocalRepo(path.join(canary, 'srv/canary-repo'), {
    bookworm: [version('1.0', '#!/bin/sh\nexit 0\n')],
    trixie: [version('2.0', '#!/bin/sh\necho "the canary does not survive the new release" >&2\nexit 1\n')],
  });
  await writeFile(path.join(canary, 'etc/apt/sources.list.d/canary.list'), 'deb [trusted=yes] file:/srv/canary-repo bookworm main\n');
  const installed = await ltspChroot(['exec', '--base-dir', chroots, '--state-dir', path.join(tree.root, 'state'), '--network', 'canary', '--', 'sh', '-c', 'apt-get -q update && apt-get -y -q install ltsp-test-canary']);
  expect(installed.exitCode, installed.stderr).toBe(0);
}, 600_000);

describe('release-upgrade --everything on a disposable server', () => {
  it('refuses before anything changes when one preflight fails, and names every refusal', async () => {
    // No package lists: nobody can tell its distribution's sources from third-party ones.
    const lists = path.join(chroots, 'lab/var/lib/apt/lists');
    await onServer(root, 'mv /srv/ltsp/lab/var/lib/apt/lists /srv/ltsp/lab/var/lib/apt/lists.kept && mkdir /srv/ltsp/lab/var/lib/apt/lists');
    const sources = await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8');
    try {
      const refused = await ltspChrootOnServer(root, ['release-upgrade', '--everything', '--yes', '--json']);
      expect(refused.exitCode, refused.stderr).toBe(80);
      expect(refused.stderr).toMatch(/^ltsp-chroot: nothing was changed, because 1 of 3 preflights failed: lab: lab has no package lists for \S+ bookworm .*run "ltsp-chroot refresh lab" first$/m);
      expect(await readFile(path.join(root, 'etc/apt/sources.list'), 'utf8')).toBe(sources);
      expect(await codename(root)).toBe('bookworm');
    } finally {
      await onServer(root, `rm -rf ${lists.slice(root.length)} && mv /srv/ltsp/lab/var/lib/apt/lists.kept /srv/ltsp/lab/var/lib/apt/lists`);
    }
  }, 600_000);

  it('moves the server, then each chroot of its release; the one that fails is rolled back and the others finish', async () => {
    const canaryBefore = await packageList('canary');
    const ltspBefore = await ltspVersion();
    const run = await onServer(root, [
      'ltsp_chroot release-upgrade --everything --snapshot --yes --json > /root/moves.jsonl; echo "exit $?"',
      // Inside the server's own namespaces: no session left anything mounted in a chroot.
      'echo "mounts $(grep -c " /srv/ltsp/" /proc/self/mounts)"',
    ].join('\n'));
    const stdout = String(run.stdout);
    expect(stdout, String(run.stderr)).toMatch(/^exit 1$/m);
    expect(stdout).toMatch(/^mounts 0$/m);
    const result = lastEvent(await readFile(path.join(root, 'root/moves.jsonl'), 'utf8')) as { moves: Move[]; untouched: { chroot: string; reason: string }[] };
    // The server first, then its chroots in the list's order; the bullseye chroot is left alone.
    expect(result.moves.map((move) => [move.chroot, move.kind, move.from, move.to, move.moved])).toEqual([
      ['server', 'server', 'bookworm', 'trixie', true],
      ['canary', 'chroot', 'bookworm', 'trixie', false],
      ['lab', 'chroot', 'bookworm', 'trixie', true],
    ]);
    expect(result.untouched).toEqual([{ chroot: 'old', reason: "it runs bullseye, not the server's bookworm" }]);
    expect(await codename(root)).toBe('trixie');
    expect(await codename(path.join(chroots, 'lab'))).toBe('trixie');
    expect(await codename(path.join(chroots, 'old'))).toBe('bullseye');

    // The canary is back to its bookworm snapshot, package for package; the failed tree is kept.
    const canary = result.moves[1] as Move;
    expect(canary.error?.code).toBe('apt-failed');
    expect(canary.error?.message).toMatch(/the chroot is back to its bookworm snapshot, and the failed tree is kept at \/srv\/ltsp\/canary\.failed-trixie-\S+$/);
    expect(await codename(path.join(chroots, 'canary'))).toBe('bookworm');
    expect(await packageList('canary')).toBe(canaryBefore);

    // The server was not copied; LTSP's initrd follows its new ltsp, or says why not.
    const server = result.moves[0] as Move;
    expect(server.snapshot).toBeNull();
    const ltspChanged = (await ltspVersion()) !== ltspBefore;
    expect(server.initrd).toEqual(ltspChanged ? { ran: true, reason: 'ltsp was updated' } : { ran: false, reason: 'neither ltsp nor ltsp.conf changed' });

    // Afterwards the canary and the bullseye chroot are behind the server.
    const listed = await ltspChrootOnServer(root, ['list', '--json']);
    const behind = (lastEvent(listed.stdout)['chroots'] as { name: string; behindServer: boolean }[]).filter((entry) => entry.behindServer).map((entry) => entry.name);
    expect(behind.sort()).toEqual(['canary', 'old']);
    const status = await ltspChrootOnServer(root, ['status']);
    expect(status.stdout).toMatch(/^server\s.*trixie/m);
    // The figures of one combined run, for the README: seconds per target.
    const seconds = result.moves.map((move) => `${move.chroot} ${Math.round(Object.values(move.phases).reduce((sum, ms) => sum + ms, 0) / 1000)} s`);
    console.log(`combined release upgrade: ${seconds.join(', ')}`);
  }, 1_800_000);
});
