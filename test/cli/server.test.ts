// The server as a target beside its chroots. On this machine only what reads: `check --server`
// must agree with apt itself. Everything that changes packages runs on a disposable server (a
// fixture copy made the root of its own namespaces), where apt runs on `/` as on a real one.
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { ltspChrootOnServer, makeServer, onServer } from '../helpers/disposable-server.js';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { buildLocalRepo } from '../helpers/local-repo.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('server');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--cache-dir', path.join(tree.root, 'cache')];

interface Status { kind: string; name: string; path: string; pending: number | null; packages: { name: string }[]; rebootRequired: boolean }

/** What `apt-get -s dist-upgrade` would install or upgrade, by name: apt's own answer to compare with. */
function simulated(output: string): string[] {
  return output.split('\n').filter((line) => line.startsWith('Inst ')).map((line) => line.split(' ')[1] as string).sort();
}

describe('the server on this machine, read only', () => {
  it('check --server agrees with apt-get -s dist-upgrade here, and the status cache holds the server first', async () => {
    await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'client'));
    const apt = await execa('apt-get', ['-s', '-q', 'dist-upgrade'], { env: { LC_ALL: 'C' } });
    const check = await ltspChroot(['check', '--json', '--everything', ...common()]);
    expect(check.exitCode, check.stderr).toBe(0);
    const { chroots } = lastEvent(check.stdout) as { chroots: Status[] };
    expect(chroots.map((entry) => [entry.kind, entry.name, entry.path])).toEqual([['server', 'server', '/'], ['chroot', 'client', path.join(tree.base, 'client')]]);
    const server = chroots[0] as Status;
    expect(server.packages.map((entry) => entry.name).sort()).toEqual(simulated(apt.stdout));
    expect(server.pending).toBe(simulated(apt.stdout).length);
    const cache = JSON.parse(await readFile(path.join(tree.state, 'status.json'), 'utf8')) as { chroots: Status[] };
    expect(cache.chroots.map((entry) => entry.kind)).toEqual(['server', 'chroot']);
    const status = await ltspChroot(['status', '--state-dir', tree.state]);
    expect(status.stdout.split('\n')[1]).toMatch(/^server\s/);
    const serverOnly = await ltspChroot(['status', '--json', '--server', '--state-dir', tree.state]);
    expect((lastEvent(serverOnly.stdout) as { chroots: Status[] }).chroots.map((entry) => entry.kind)).toEqual(['server']);
  });

  it('keeps a chroot named "server" apart from the server: every event about either says its kind', async () => {
    const base = path.join(tree.root, 'namesake');
    await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, 'server'));
    const check = await ltspChroot(['check', '--json', '--everything', '--base-dir', base, '--state-dir', path.join(tree.root, 'namesake-state'), '--cache-dir', path.join(tree.root, 'cache')]);
    expect(check.exitCode, check.stderr).toBe(0);
    const events = check.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; chroot?: string; kind?: string; step?: string; state?: string });
    const about = events.filter((event) => event.type === 'step' && event.chroot === 'server');
    expect(about.every((event) => event.kind === 'server' || event.kind === 'chroot')).toBe(true);
    const done = (kind: string) => about.filter((event) => event.kind === kind && event.step === 'plan' && event.state === 'done').length;
    expect([done('server'), done('chroot')]).toEqual([1, 1]);
    const { chroots } = lastEvent(check.stdout) as { chroots: Status[] };
    expect(chroots.map((entry) => [entry.kind, entry.name, entry.path])).toEqual([['server', 'server', '/'], ['chroot', 'server', path.join(base, 'server')]]);
  });

  it('lists the server first with --server, and refuses a command given nothing to act on', async () => {
    const list = await ltspChroot(['list', '--json', '--server', ...common()]);
    const { chroots } = lastEvent(list.stdout) as { chroots: (Status & { verdict: string; image: unknown })[] };
    expect(chroots[0]).toMatchObject({ kind: 'server', name: 'server', path: '/', verdict: 'native', image: null });
    expect(chroots.slice(1).map((entry) => entry.kind)).toEqual(['chroot']);
    const none = await ltspChroot(['check', ...common()]);
    expect(none.exitCode).toBe(64);
    expect(none.stderr).toBe('ltsp-chroot: name the chroots to act on, or give --all, --server or --everything');
  });
});

describe('a disposable server', () => {
  let root: string;
  const restart = (version: string, postinst: string) => ({ name: 'ltsp-test-restart', version, postinst });
  // Configures for as long as /run/ltsp-test-hold is there: another apt-get that holds the locks meanwhile.
  const slow = { name: 'ltsp-test-slow', version: '1.0', postinst: '#!/bin/sh\ntouch /run/ltsp-test-slow-configuring\nwhile [ -e /run/ltsp-test-hold ]; do sleep 0.2; done\n' };

  beforeAll(async () => {
    root = await makeServer(path.join(tree.root, 'server'));
    // A package whose update asks for a restart, and notes whether services were allowed to start.
    await buildLocalRepo(path.join(root, 'srv/server-repo'), {
      bookworm: [
        restart('1.0', '#!/bin/sh\nexit 0\n'),
        slow,
      ],
    });
    await writeFile(path.join(root, 'etc/apt/sources.list.d/server.list'), 'deb [trusted=yes] file:/srv/server-repo bookworm main\n');
    const installed = await onServer(root, 'apt-get -q update && apt-get -y -q install ltsp-test-restart');
    expect(installed.exitCode, String(installed.stderr)).toBe(0);
    await buildLocalRepo(path.join(root, 'srv/server-repo'), {
      bookworm: [
        restart('2.0', '#!/bin/sh\nif [ -e /usr/sbin/policy-rc.d ]; then echo guarded; else echo free; fi > /var/log/ltsp-test-services\ntouch /run/reboot-required\n'),
        slow,
      ],
    });
    const updated = await onServer(root, 'apt-get -q update');
    expect(updated.exitCode, String(updated.stderr)).toBe(0);
  }, 300_000);

  it('is busy while another apt-get changes its packages, and names it', async () => {
    // The other apt-get holds the system's locks while its package configures.
    const busy = await onServer(root, [
      'touch /run/ltsp-test-hold',
      'apt-get -y -q install ltsp-test-slow > /dev/null 2>&1 &',
      'while [ ! -e /run/ltsp-test-slow-configuring ]; do sleep 0.2; done',
      'ltsp_chroot upgrade --server --yes; echo "exit $?"',
      'rm /run/ltsp-test-hold; wait',
      'dpkg-query -W -f=\'${db:Status-Abbrev}\' ltsp-test-slow',
    ].join('\n'));
    expect(String(busy.stdout)).toMatch(/exit 75$/m);
    expect(String(busy.stderr)).toMatch(/^ltsp-chroot: server: the server is busy: apt-get \(process \d+\) is changing its packages \(it holds \/var\/lib\/dpkg\/lock-frontend\); wait for it to finish and try again$/m);
    // The other apt-get was left alone to finish.
    expect(String(busy.stdout)).toMatch(/^ii $/m);
  }, 120_000);

  it('checks and upgrades the server with apt on /, lets services start, and says a restart finishes it', async () => {
    const apt = await onServer(root, 'LC_ALL=C apt-get -s -q dist-upgrade');
    const check = await ltspChrootOnServer(root, ['check', '--server', '--json']);
    expect(check.exitCode, check.stderr).toBe(0);
    const [checked] = (lastEvent(check.stdout) as { chroots: Status[] }).chroots;
    expect(checked).toMatchObject({ kind: 'server', path: '/', rebootRequired: false });
    expect(checked?.packages.map((entry) => entry.name).sort()).toEqual(simulated(String(apt.stdout)));
    expect(checked?.packages.map((entry) => entry.name)).toContain('ltsp-test-restart');

    const upgrade = await ltspChrootOnServer(root, ['upgrade', '--server', '--yes', '--json']);
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    const [outcome] = (lastEvent(upgrade.stdout) as { chroots: { chroot: string; upgraded: string[]; image: { ran: boolean; reason: string }; status: Status }[] }).chroots;
    expect(outcome?.chroot).toBe('server');
    expect(outcome?.upgraded).toContain('ltsp-test-restart');
    expect(outcome?.image).toEqual({ ran: false, reason: 'the server boots from its own disk, not from an LTSP image' });
    expect(outcome?.status).toMatchObject({ kind: 'server', pending: 0, rebootRequired: true });
    // No policy-rc.d on the server: its services start and restart as they normally do.
    expect(await readFile(path.join(root, 'var/log/ltsp-test-services'), 'utf8')).toBe('free\n');
    const version = await onServer(root, 'dpkg-query -W -f=\'${Version}\' ltsp-test-restart');
    expect(String(version.stdout)).toBe('2.0');

    const status = await ltspChrootOnServer(root, ['status']);
    expect(status.stdout).toMatch(/^server\s.*up to date(; \S+ is available)?; restart the server to finish$/m);
    const human = await ltspChrootOnServer(root, ['upgrade', '--server', '--yes']);
    expect(human.stdout).toMatch(/^server: nothing to install\n(.*\n)* {2}restart the server to finish: an update asked for it \(\/run\/reboot-required\)$/m);
  }, 600_000);
});

describe("LTSP's server-side steps on a disposable server", () => {
  let root: string;
  interface Outcome { chroot: string; upgraded: string[]; initrd?: { ran: boolean; reason: string }; ipxe?: { ran: boolean; reason: string } }
  const upgrade = async () => {
    const result = await ltspChrootOnServer(root, ['upgrade', '--server', '--yes', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    return { ...result, outcome: (lastEvent(result.stdout) as { chroots: Outcome[] }).chroots[0] as Outcome };
  };

  beforeAll(async () => {
    // Debian's real ltsp, served again as a newer version: an LTSP update of this server.
    root = await makeServer(path.join(tree.root, 'ltsp-server'), 'ltsp-server');
    const fetched = await onServer(root, 'cd /root && apt-get -q download ltsp && dpkg-query -W -f=\'${Version}\' ltsp');
    expect(fetched.exitCode, String(fetched.stderr)).toBe(0);
    const installed = String(fetched.stdout).split('\n').at(-1) as string;
    const deb = (await readdir(path.join(root, 'root'))).find((name) => name.startsWith('ltsp_')) as string;
    await buildLocalRepo(path.join(root, 'srv/ltsp-repo'), { bookworm: [{ name: 'ltsp', version: `${installed}+1`, from: path.join(root, 'root', deb) }] });
    await writeFile(path.join(root, 'etc/apt/sources.list.d/ltsp.list'), 'deb [trusted=yes] file:/srv/ltsp-repo bookworm main\n');
    const updated = await onServer(root, 'apt-get -q update');
    expect(updated.exitCode, String(updated.stderr)).toBe(0);
  }, 300_000);

  it('runs ltsp initrd after an update of ltsp or of ltsp.conf, and says why not otherwise', async () => {
    const first = await upgrade();
    expect(first.outcome.upgraded).toContain('ltsp');
    expect(first.outcome.initrd).toEqual({ ran: true, reason: 'ltsp was updated' });
    expect(first.outcome.ipxe).toEqual({ ran: false, reason: 'the iPXE binaries did not change' });
    expect(first.stdout).toContain('"type":"step","chroot":"server","step":"initrd","state":"done"');
    const image = path.join(root, 'srv/tftp/ltsp/ltsp.img');
    const built = (await stat(image)).mtimeMs;

    const second = await upgrade();
    expect(second.outcome.initrd).toEqual({ ran: false, reason: 'neither ltsp nor ltsp.conf changed' });
    expect(second.stdout).toContain('"type":"step","chroot":"server","step":"initrd","state":"skipped","message":"neither ltsp nor ltsp.conf changed"');
    expect((await stat(image)).mtimeMs).toBe(built);

    // The administrator edits ltsp.conf: the next run puts it into the clients' initrd.
    // (The initrd is made older than the edit, which may fall within the same clock tick.)
    await writeFile(path.join(root, 'etc/ltsp/ltsp.conf'), '[clients]\nX_SESSION_TIMEOUT=0\n');
    const earlier = new Date(built - 60_000);
    await utimes(image, earlier, earlier);
    const third = await upgrade();
    expect(third.outcome.initrd).toEqual({ ran: true, reason: 'ltsp.conf changed since the last ltsp initrd' });
    expect((await stat(image)).mtimeMs).toBeGreaterThan(earlier.getTime());
    const human = await ltspChrootOnServer(root, ['upgrade', '--server', '--yes']);
    expect(human.stdout).toContain('  ltsp initrd: skipped (neither ltsp nor ltsp.conf changed)\n  ltsp ipxe: skipped (the iPXE binaries did not change)\n');
  }, 600_000);
});
