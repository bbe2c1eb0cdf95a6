// The windows' model with no toolkit loaded: the engine's side is replayed from a real upgrade's JSON lines.
import { describe, expect, it } from 'vitest';
import type { EngineRun } from '../../src/client/run-engine.js';
import type { EngineEvent } from '../../src/protocol/events.js';
import { statusCacheSchema, type ChrootStatus } from '../../src/protocol/status.js';
import { UpdatesModel, type ModelState } from '../../src/view-model/index.js';
import { fixtureText } from '../fixtures/read-fixture.js';

// Captured from `ltsp-chroot check --all --json` and `upgrade --yes --json` on a bookworm chroot
// with pending security updates (mirror and paths renamed).
const before = statusCacheSchema.parse(JSON.parse(fixtureText('events/status-before.json'))).chroots;
const after = statusCacheSchema.parse(JSON.parse(fixtureText('events/status-after.json'))).chroots;
const upgradeEvents = fixtureText('events/upgrade.jsonl').trim().split('\n').map((line) => JSON.parse(line) as EngineEvent);

const unsupported: ChrootStatus = { ...(before[0] as ChrootStatus), name: 'rpi', path: '/srv/ltsp/rpi', arch: 'arm64', verdict: 'unsupported', verdictReason: 'no emulator for arm64', pending: null, security: null, packages: [] };

/** A run that replays `events`, as runEngine would hand them over. */
function replay(events: EngineEvent[], exitCode = 0): EngineRun {
  return {
    events: (async function* () {
      for (const event of events) yield event;
    })(),
    exitCode: Promise.resolve(exitCode),
    cancel: () => undefined,
  };
}

function model(statuses: ChrootStatus[][], events: EngineEvent[] = upgradeEvents) {
  const reads = [...statuses];
  const runs: string[][] = [];
  const instance = new UpdatesModel({
    readStatus: () => (reads.length > 1 ? reads.shift() : reads[0]) as ChrootStatus[],
    run: (args) => {
      runs.push(args);
      return replay(events);
    },
  });
  return { instance, runs };
}

describe('UpdatesModel', () => {
  it('shows the status cache at once, updates ticked, security updates apart', () => {
    const { instance } = model([[...before, unsupported]]);
    instance.load();
    const { page, chroots, totalDownload } = instance.state;
    expect(page).toBe('has-updates');
    const [bookworm, rpi] = chroots;
    expect(bookworm).toMatchObject({ name: 'bookworm', release: 'bookworm (amd64)', summary: '6 updates (6 security)', selected: true, canUpdate: true, upgradeTo: 'trixie' });
    expect(bookworm?.securityUpdates[0]).toEqual({ name: 'apt', version: '2.6.1 → 2.6.2', size: '1.4 MB', security: true });
    expect(bookworm?.otherUpdates).toEqual([]);
    expect(totalDownload).toMatch(/ (kB|MB)$/);
    expect(rpi).toMatchObject({ summary: 'Cannot run on this computer: no emulator for arm64', canUpdate: false, selected: false, upgradeTo: null });
  });

  it('ticks and unticks; a chroot that cannot run is never ticked', () => {
    const { instance } = model([[...before, unsupported]]);
    instance.load();
    instance.toggle('bookworm');
    instance.toggle('rpi');
    expect(instance.state.chroots.map((row) => row.selected)).toEqual([false, false]);
    instance.selectAll();
    expect(instance.state.chroots.map((row) => row.selected)).toEqual([true, false]);
    instance.deselectAll();
    expect(instance.state.chroots.every((row) => !row.selected)).toBe(true);
  });

  it('runs "Update now" through the engine and follows its phases to "up to date"', async () => {
    const { instance, runs } = model([before, after]);
    instance.load();
    const seen: ModelState[] = [];
    instance.subscribe((state) => seen.push(state));
    await instance.updateSelected();
    expect(runs).toEqual([['upgrade', '--yes', 'bookworm']]);
    expect(seen[0]?.page).toBe('running');
    expect(seen.some((state) => state.chroots[0]?.phase?.startsWith('Installing') || /Unpacking|Setting up|Installing/.test(state.chroots[0]?.phase ?? ''))).toBe(true);
    expect(seen.some((state) => typeof state.chroots[0]?.progress === 'number')).toBe(true);
    expect(instance.state).toMatchObject({ page: 'up-to-date', error: null });
    expect(instance.state.chroots[0]).toMatchObject({ summary: 'Up to date', phase: null, selected: false });
    expect(instance.state.details.some((line) => line.includes('Unpacking'))).toBe(true);
  });

  it('is idle at once without a run, and once a run has ended', async () => {
    const { instance } = model([before, after]);
    instance.load();
    await instance.idle();
    const run = instance.updateSelected();
    let idle = false;
    const waiting = instance.idle().then(() => { idle = true; });
    expect(instance.busy).toBe(true);
    expect(idle).toBe(false);
    await run;
    await waiting;
    expect(idle).toBe(true);
    expect(instance.busy).toBe(false);
  });

  it("shows the engine's message when a run fails, and stays usable", async () => {
    const busy: EngineEvent = { v: 1, type: 'result', command: 'upgrade', chroots: [{ chroot: 'bookworm', upgraded: [], installed: [], kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' }, phases: {}, status: null, error: { chroot: 'bookworm', code: 'busy', message: 'bookworm is busy: process 42 (ltsp-chroot) holds the lock; wait for it to finish and try again' } }] };
    const { instance } = model([before], [busy]);
    instance.load();
    await instance.updateSelected();
    expect(instance.state.page).toBe('error');
    expect(instance.state.error).toBe('bookworm: bookworm is busy: process 42 (ltsp-chroot) holds the lock; wait for it to finish and try again');
    instance.toggle('bookworm');
    expect(instance.state.chroots[0]?.selected).toBe(false);
  });

  it('asks for a release upgrade with the snapshot when the banner is accepted', async () => {
    const { instance, runs } = model([before], []);
    instance.load();
    await instance.releaseUpgrade('bookworm', { snapshot: true });
    expect(runs).toEqual([['release-upgrade', '--yes', '--to', 'trixie', '--snapshot', 'bookworm']]);
  });
});
