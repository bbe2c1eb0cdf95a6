// Both windows' "Roll back" on a chroot whose image is kept as versions: the real engine publishes
// two versions of a bootable chroot with Debian's `ltsp image`, the window (its engine wrapped
// to record each command line it is given) offers to go back to the first, and one click does.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { versionDateLabel } from '@ltsp-update/engine/view-model';
import { expect } from 'vitest';
import { lastEvent, ltspChroot } from './cli.js';
import { copyChroot, fixture } from './fixtures.js';
import { programFile } from './programs.js';
import type { ScratchTree } from './scratch-tree.js';
import type { WindowDriver } from './window-driver.js';

const engineBin = programFile('ltsp-chroot');
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

// mksquashfs without compression: a version in seconds, not a minute.
const quickSquashfs = { MKSQUASHFS_PARAMS: '-noI -noD -noF -noX' };

/**
 * An executable for a window's LTSP_UPDATE_ENGINE that runs the tests' engine (programs.ts) with its own
 * arguments, appending each command line to `<dir>/engine-calls` first.
 */
export async function recordingEngine(dir: string): Promise<{ engine: string; calls: string }> {
  const engine = path.join(dir, 'recording-engine');
  const calls = path.join(dir, 'engine-calls');
  await writeFile(engine, ['#!/bin/sh', `echo "$*" >> ${quote(calls)}`, `exec ${quote(process.execPath)} ${quote(engineBin)} "$@"`, ''].join('\n'));
  await chmod(engine, 0o755);
  return { engine, calls };
}

/** What `ltsp-chroot images NAME --json` says: the live version and every version, oldest first. */
async function images(common: readonly string[], name: string): Promise<{ live: string | null; versions: string[] }> {
  const listed = await ltspChroot(['images', name, '--json', ...common]);
  expect(listed.exitCode, listed.stderr).toBe(0);
  const entry = (lastEvent(listed.stdout) as { chroots: { live: string | null; versions: { version: string }[] }[] }).chroots[0];
  return { live: entry?.live ?? null, versions: (entry?.versions ?? []).map((version) => version.version).sort() };
}

/**
 * The scenario, in a tree of its own under the scratch tree (no other test's chroots in its
 * list): `open` starts the window with the environment given, `reveal` opens or picks the row
 * as that window's person would, and `press` clicks the button named `label` (the row's, or the
 * tool bar's for the current row). The window's engine gets exactly one rollback,
 * and afterwards the live version is the first one published.
 */
export async function expectRollBack(
  window: WindowDriver,
  open: (stateDir: string, env: Record<string, string>) => void,
  reveal: () => Promise<void>,
  press: (label: string) => Promise<void>,
  tree: ScratchTree,
): Promise<void> {
  const root = path.join(tree.root, 'rollback');
  const base = path.join(root, 'srv/ltsp');
  const tftp = path.join(root, 'srv/tftp');
  const state = path.join(root, 'state');
  await mkdir(state, { recursive: true });
  const common = ['--base-dir', base, '--tftp-dir', tftp, '--state-dir', state, '--cache-dir', path.join(root, 'cache')];
  // The kernel fixture with an init: the engine's boot check refuses an image without one.
  await copyChroot(fixture('bookworm', 'amd64', 'bootable'), path.join(base, 'kernel'));
  for (let published = 0; published < 2; published++) {
    const publish = await ltspChroot(['publish', 'kernel', '--json', ...common], { env: quickSquashfs });
    expect(publish.exitCode, publish.stderr).toBe(0);
  }
  const before = await images(common, 'kernel');
  expect(before.versions).toHaveLength(2);
  const [first, second] = before.versions as [string, string];
  expect(before.live).toBe(second);
  // The status cache the window shows first, with the live image and the one before it.
  const check = await ltspChroot(['check', 'kernel', '--json', ...common]);
  expect(check.exitCode, check.stderr).toBe(0);

  const conf = path.join(root, 'ltsp.conf');
  await writeFile(conf, `[server]\nBASE_DIR=${base}\nTFTP_DIR=${tftp}\n`);
  const { engine, calls } = await recordingEngine(root);
  open(state, { LTSP_CONF: conf, LTSP_UPDATE_ENGINE: engine });
  await window.waitText('^kernel$');
  await reveal();
  await window.waitText(`^Image of ${exactly(versionDateLabel(second))}$`);
  // The button shows once the window's quiet check at start is over; `press` waits for it.
  const label = `Roll back to the image of ${versionDateLabel(first)}`;
  await press(label);

  // The run is over once the check after it has written the status cache: the first version is live there.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const cached = JSON.parse(await readFile(path.join(state, 'status.json'), 'utf8')) as { chroots: { name: string; image: { live: string } | null }[] };
    if (cached.chroots.find((entry) => entry.name === 'kernel')?.image?.live === first) break;
    if (Date.now() > deadline) throw new Error(`the status cache does not say ${first} is live two minutes after "${label}"`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Nothing older than the first is kept: the row offers no roll back now.
  await window.waitGone('^Roll back to the image of ', 60);
  await window.waitText(`^Image of ${exactly(versionDateLabel(first))}$`);
  const runs = (await readFile(calls, 'utf8')).trim().split('\n').filter((line) => line.startsWith('rollback'));
  expect(runs).toEqual(['rollback kernel --json']);
  expect((await images(common, 'kernel')).live).toBe(first);
}

/** `text` as a regex that matches it exactly. */
function exactly(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
