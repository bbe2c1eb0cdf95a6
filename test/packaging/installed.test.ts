// The suite runs the installed packages (scripts/run-tests.sh sets LTSP_UPDATE_TEST_PROGRAMS, and
// the set-up installed what it built): each program the tests start is proven to be the one the
// tests mean, by what its own process loaded (its main script and native addons, from its
// /proc maps); and systemd finds nothing wrong with the installed timer and service.
import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../helpers/app-process.js';
import { ltspChroot } from '../helpers/cli.js';
import { startDesktop, type Desktop } from '../helpers/desktop.js';
import { checkoutPath, installedLib, installedPath, installedPrograms, programFile, type ProgramName } from '../helpers/programs.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const repo = path.resolve(import.meta.dirname, '../..');
const tree = useScratchTree('installed');
let probeDir: string;
let desktop: Desktop;

// Loaded first into the program's own Node.js (NODE_OPTIONS=--import): it writes the main script
// at once (the programs set their process title, which overwrites /proc's command line), and
// every addon mapped as it exits (a CLI run is over before it could be read from outside). The
// engine a window starts would inherit it: it is taken out of the environment at once.
const probe = `import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
delete process.env.NODE_OPTIONS;
const main = realpathSync(process.argv[1]);
const write = (addons) => writeFileSync(process.env.PROBE_OUT, JSON.stringify({ main, addons }));
write([]);
process.on('exit', () => {
  const addons = readFileSync('/proc/self/maps', 'utf8').split('\\n').map((line) => line.trim().split(/\\s+/)[5] ?? '').filter((file) => file.endsWith('.node'));
  write([...new Set(addons)].sort());
});
`;

beforeAll(async () => {
  probeDir = await mkdtemp(path.join(os.tmpdir(), 'ltsp-update-probe-'));
  await writeFile(path.join(probeDir, 'probe.mjs'), probe);
  desktop = await startDesktop();
}, 120_000);

afterAll(async () => {
  await desktop?.stop();
});

/** The environment that makes a program report what it loaded, into `<probeDir>/<name>.json`. */
const probed = (name: string) => ({
  NODE_OPTIONS: `--import=${path.join(probeDir, 'probe.mjs')}`,
  PROBE_OUT: path.join(probeDir, `${name}.json`),
});
const report = async (name: string) => JSON.parse(await readFile(path.join(probeDir, `${name}.json`), 'utf8')) as { main: string; addons: string[] };

/** What the running program `name` (process `pid`) loaded: its main script (from the probe), and every addon mapped now. */
async function loaded(name: string, pid: number): Promise<{ main: string; addons: string[] }> {
  const main = await report(name).then((seen) => seen.main, () => '');
  const maps = await readFile(`/proc/${pid}/maps`, 'utf8');
  const addons = maps.split('\n').map((line) => line.trim().split(/\s+/)[5] ?? '').filter((file) => file.endsWith('.node'));
  return { main, addons: [...new Set(addons)].sort() };
}

/** The file of an npm module's addon (`module/path`) that programs load in this run. */
const moduleAddon = (addon: string) => path.join(installedPrograms ? installedLib : repo, 'node_modules', addon);
/** The KDE window's glib-watch addon: beside its bundle when installed, else where native/build-addon.mjs puts it. */
const glibWatchAddon = installedPrograms ? path.join(installedLib, 'glib-watch.node') : path.join(repo, 'apps/kde/native/build/glib-watch.node');

/** Where program `name`'s code must come from in this run: the packages' folder, or the checkout; `addons` are files it must have loaded. */
async function expectFrom(name: ProgramName, seen: { main: string; addons: string[] }, addons: string[]) {
  expect(programFile(name)).toBe(installedPrograms ? installedPath[name] : checkoutPath[name]);
  expect(seen.main).toBe(await realpath(programFile(name)));
  for (const addon of addons) expect(seen.addons, addon).toContain(addon);
  if (installedPrograms) {
    expect(seen.main.startsWith(`${installedLib}/`), seen.main).toBe(true);
    for (const file of seen.addons) expect(file.startsWith(`${installedLib}/`), file).toBe(true);
    // The file dpkg has for the program, and the interpreter its #! line names is this one.
    expect((await execa('dpkg-query', ['-S', installedPath[name]])).stdout).toMatch(/^ltsp-update-(manager|gnome|kde): /);
    expect((await readFile(installedPath[name], 'utf8')).split('\n')[0]).toBe('#!/usr/bin/node');
    expect(await realpath(process.execPath)).toBe(await realpath('/usr/bin/node'));
  }
}

describe('the programs the tests run', () => {
  it('are the installed packages in the suite', () => {
    // scripts/run-tests.sh is what npm test and CI run; it sets the mode for every test file.
    expect(installedPrograms).toBe(process.env['LTSP_UPDATE_TEST_PROGRAMS'] === 'installed');
  });

  it('ltsp-chroot, through the CLI helper', async () => {
    const version = await ltspChroot(['--version'], { env: probed('ltsp-chroot') });
    expect(version.exitCode, version.stderr).toBe(0);
    // fs-ext loads only with a chroot's lock: the main script is what --version shows.
    await expectFrom('ltsp-chroot', await report('ltsp-chroot'), []);
  });

  it('the notifier, the GNOME window and the KDE window', async () => {
    const env = { ...desktop.env, LTSP_UPDATE_STATE_DIR: tree.state, LTSP_CONF: path.join(tree.root, 'ltsp.conf'), AT_SPI_BUS_ADDRESS: undefined };
    // The KDE window's glib-watch turns Qt only when it has work (apps/kde/src/glib-pump.ts).
    const windows: [ProgramName, string[]][] = [
      ['ltsp-update-notifier', []],
      ['ltsp-update-gnome', [moduleAddon(`node-gtk/lib/binding/node-v${process.versions.modules}-linux-x64/node_gtk.node`)]],
      ['ltsp-update-kde', [moduleAddon('@nodegui/nodegui/build/Release/nodegui_core.node'), glibWatchAddon]],
    ];
    for (const [name, addons] of windows) {
      const app = startApp(process.execPath, [programFile(name)], { env: { ...env, ...probed(name) } });
      try {
        // A window's loop is GLib's or Qt's, where a preloaded script's timer may never run: its
        // addons are read from outside, from its /proc, once all it must load are mapped (the
        // notifier, which has none, after 3 s of running).
        const pid = app.child.pid as number;
        const started = Date.now();
        const ready = (seen: { main: string; addons: string[] }) => seen.main !== '' && (addons.length === 0 ? Date.now() - started > 3000 : addons.every((file) => seen.addons.includes(file)));
        let seen = await loaded(name, pid);
        while (!ready(seen) && Date.now() - started < 60_000) {
          await sleep(200);
          seen = await loaded(name, pid);
        }
        await expectFrom(name, seen, addons);
      } finally {
        await app.stop();
      }
    }
  }, 240_000);
});

describe('the installed refresh job', () => {
  it.runIf(installedPrograms)('passes systemd-analyze verify: units, ExecStart and the manual Documentation= names', async () => {
    const verify = await execa('systemd-analyze', ['verify', '/lib/systemd/system/ltsp-update-refresh.timer', '/lib/systemd/system/ltsp-update-refresh.service'], { reject: false });
    expect(verify.stderr).toBe('');
    expect(verify.exitCode).toBe(0);
  });
});
