// The windows' model with no toolkit loaded: the engine's side is replayed from a real upgrade's JSON lines.
import { describe, expect, it } from 'vitest';
import type { EngineRun } from '../../src/client/run-engine.js';
import type { EngineEvent } from '../../src/protocol/events.js';
import { statusCacheSchema, type ChrootStatus } from '../../src/protocol/status.js';
import { listLabel, UpdatesModel, versionDateLabel, type DateStyle, type ModelState, type Translator } from '../../src/view-model/index.js';
import { fixtureText } from '../fixtures/read-fixture.js';

// Captured from `ltsp-chroot check --all --json` and `upgrade --yes --json` on a bookworm chroot
// with pending security updates (mirror and paths renamed).
const before = statusCacheSchema.parse(JSON.parse(fixtureText('events/status-before.json'))).chroots;
const after = statusCacheSchema.parse(JSON.parse(fixtureText('events/status-after.json'))).chroots;
const upgradeEvents = fixtureText('events/upgrade.jsonl').trim().split('\n').map((line) => JSON.parse(line) as EngineEvent);
const bookworm = before[0] as ChrootStatus;

const unsupported: ChrootStatus = { ...bookworm, name: 'rpi', path: '/srv/ltsp/rpi', arch: 'arm64', verdict: 'unsupported', verdictReason: 'no emulator for arm64', pending: null, security: null, packages: [] };
const busyMessage = 'bookworm is busy: process 42 (ltsp-chroot) holds /srv/ltsp/bookworm/var/lib/dpkg/lock-frontend; wait for it to finish and try again';
const busyResult: EngineEvent = { v: 1, type: 'result', command: 'upgrade', chroots: [{ chroot: 'bookworm', upgraded: [], installed: [], kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' }, phases: {}, status: null, error: { chroot: 'bookworm', code: 'busy', message: busyMessage, holderPid: 42 } }] };

/** A run that replays `events`, as runEngine would hand them over; `gate` holds it before its last event. */
function replay(events: EngineEvent[], gate?: Promise<void>): EngineRun & { cancelled: boolean } {
  const run = {
    cancelled: false,
    events: (async function* () {
      for (const [index, event] of events.entries()) {
        if (gate && index === events.length - 1) await gate;
        yield event;
      }
      if (gate && events.length === 0) await gate;
    })(),
    exitCode: Promise.resolve(0),
    cancel: () => { run.cancelled = true; },
  };
  return run;
}

function model(statuses: ChrootStatus[][], events: EngineEvent[][] = [upgradeEvents], options: { gate?: Promise<void>; translator?: Translator; dateStyle?: DateStyle } = {}) {
  const reads = [...statuses];
  const runs: string[][] = [];
  const started: ReturnType<typeof replay>[] = [];
  const instance = new UpdatesModel({
    readStatus: () => (reads.length > 1 ? reads.shift() : reads[0]) as ChrootStatus[],
    run: (args) => {
      runs.push(args);
      const run = replay(events[Math.min(runs.length - 1, events.length - 1)] ?? [], options.gate);
      started.push(run);
      return run;
    },
    checkOnStart: false,
    ...(options.translator ? { translator: options.translator } : {}),
    ...(options.dateStyle ? { dateStyle: options.dateStyle } : {}),
  });
  return { instance, runs, started };
}

describe('UpdatesModel', () => {
  it('says "loading" until the cache is read, then shows it: updates ticked, security updates apart', () => {
    const { instance } = model([[...before, unsupported]]);
    expect(instance.state).toMatchObject({ page: 'loading', placeholder: { title: 'Reading the chroots’ status…' }, busy: false });
    instance.start();
    const { page, chroots, total, can, placeholder } = instance.state;
    expect(page).toBe('has-updates');
    expect(placeholder).toBeNull();
    expect(can).toEqual({ checkAgain: true, updateSelected: true, updateAll: true, cancel: false, releaseUpgrade: true, openPackageManager: true, rollBack: true });
    const [first, rpi] = chroots;
    expect(first).toMatchObject({
      name: 'bookworm', subtitle: 'bookworm (amd64) — 6 updates (6 security)', summary: '6 updates (6 security)',
      selected: true, canUpdate: true, checkable: true, urgent: true, upgradeTo: 'trixie', error: null,
    });
    expect(first?.downloadSize).toMatch(/ (kB|MB)$/);
    expect(first?.securityUpdates[0]).toEqual({ name: 'apt', version: '2.6.1 → 2.6.2', size: '1.4 MB', security: true });
    expect(first?.otherUpdates).toEqual([]);
    expect(total).toMatch(/^Still to download for the ticked chroots: [\d.]+ (kB|MB)$/);
    expect(rpi).toMatchObject({ subtitle: 'bookworm (arm64) — Cannot run on this computer: no emulator for arm64', canUpdate: false, checkable: false, selected: false, upgradeTo: null, downloadSize: '' });
  });

  it('ticks and unticks; a chroot that cannot run is never ticked, and nothing ticked cannot be updated', () => {
    const { instance } = model([[...before, unsupported]]);
    instance.load();
    instance.toggle('bookworm');
    instance.toggle('rpi');
    expect(instance.state.chroots.map((row) => row.selected)).toEqual([false, false]);
    expect(instance.state.can).toMatchObject({ updateSelected: false, updateAll: true });
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
    expect(seen[0]).toMatchObject({ page: 'running', busy: true, busyLabel: 'Updating…', can: { checkAgain: false, updateSelected: false, cancel: true } });
    expect(seen.some((state) => /^bookworm \(amd64\) — .+ \(\d+ %\)$/.test(state.chroots[0]?.subtitle ?? ''))).toBe(true);
    expect(seen.some((state) => typeof state.chroots[0]?.progress === 'number')).toBe(true);
    expect(instance.state).toMatchObject({ page: 'up-to-date', error: null, busy: false, busyLabel: '', total: 'Every chroot is up to date.' });
    expect(instance.state.chroots[0]).toMatchObject({ subtitle: 'bookworm (amd64) — Up to date', phase: null, selected: false, checkable: false });
    expect(instance.state.details.some((line) => line.includes('Unpacking'))).toBe(true);
  });

  it('"Update All" ticks every chroot with updates and updates them', async () => {
    const second = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab' };
    const { instance, runs } = model([[bookworm, second, unsupported]], [[]]);
    instance.load();
    instance.deselectAll();
    await instance.updateAll();
    expect(runs).toEqual([['upgrade', '--yes', 'bookworm', 'lab']]);
  });

  it('shows the server first as "This server", and one "Update now" runs it with the chroots, the server first', async () => {
    const server: ChrootStatus = { ...bookworm, kind: 'server', name: 'server', path: '/', nextRelease: 'trixie' };
    const { instance, runs } = model([[server, bookworm, unsupported]], [[], [], []]);
    instance.load();
    expect(instance.state.chroots.map((row) => [row.kind, row.title])).toEqual([['server', 'This server'], ['chroot', 'bookworm'], ['chroot', 'rpi']]);
    await instance.updateAll();
    expect(runs).toEqual([['upgrade', '--yes', '--server', 'bookworm']]);
    // Every check covers the server once the root job has put it in the cache; a server alone has no chroot offer.
    await instance.check();
    await instance.refresh();
    expect(runs.slice(1)).toEqual([['check', '--everything'], ['refresh', '--everything']]);
    expect(instance.state.releaseOffers.flatMap((offer) => offer.chroots)).not.toContain('server');
  });

  it('keeps a chroot named "server" apart from the server: its own tick, phase and error', async () => {
    const server: ChrootStatus = { ...bookworm, kind: 'server', name: 'server', path: '/' };
    const namesake: ChrootStatus = { ...bookworm, name: 'server', path: '/srv/ltsp/server' };
    const failure = { code: 'busy' as const, message: 'server is busy: process 7 (apt-get) holds /var/lib/dpkg/lock-frontend; wait for it to finish and try again', holderPid: 7 };
    let open!: () => void;
    const events: EngineEvent[] = [
      { v: 1, type: 'step', chroot: 'server', kind: 'chroot', step: 'install', state: 'started' },
      { v: 1, type: 'progress', chroot: 'server', kind: 'server', step: 'install', percent: 40, message: 'Unpacking apt', package: 'apt' },
      { v: 1, type: 'result', command: 'upgrade', chroots: [
        { chroot: 'server', kind: 'server', upgraded: [], installed: [], kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' }, phases: {}, status: null, error: { chroot: 'server', kind: 'server', ...failure } },
        { chroot: 'server', kind: 'chroot', upgraded: [], installed: [], kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' }, phases: {}, status: null, error: null },
      ] },
    ];
    const { instance, runs } = model([[server, namesake]], [events], { gate: new Promise((resolve) => { open = resolve; }) });
    instance.load();
    const rows = () => instance.state.chroots;
    expect(new Set(rows().map((row) => row.name)).size).toBe(2);
    instance.toggle(rows()[1]?.name ?? '');
    expect(rows().map((row) => [row.title, row.selected])).toEqual([['This server', true], ['server', false]]);
    const running = instance.updateSelected();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toEqual([['upgrade', '--yes', '--server']]);
    expect(rows().map((row) => row.phase)).toEqual(['Unpacking apt', 'Installing']);
    open();
    await running;
    expect(rows().map((row) => row.error)).toEqual(['Busy: another update is running (process 7)', null]);
    expect(instance.state.error?.summary).toBe('server could not be updated');
  });

  it('puts an event that leaves its kind out on the chroot of that name, and on the server only where none is', async () => {
    const server: ChrootStatus = { ...bookworm, kind: 'server', name: 'server', path: '/' };
    const namesake: ChrootStatus = { ...bookworm, name: 'server', path: '/srv/ltsp/server' };
    const error: EngineEvent = { v: 1, type: 'error', code: 'apt-failed', message: 'apt-get failed in server: E: Broken', exitCode: 80, chroot: 'server' };
    const alone = model([[server, bookworm]], [[error]]);
    alone.instance.load();
    await alone.instance.updateAll();
    expect(alone.instance.state.chroots.map((row) => row.error !== null)).toEqual([true, false]);
    const both = model([[server, namesake]], [[error]]);
    both.instance.load();
    await both.instance.updateAll();
    expect(both.instance.state.chroots.map((row) => row.error !== null)).toEqual([false, true]);
  });

  it('lets the window close at once when idle; during a run only once the run is over', async () => {
    let open!: () => void;
    const { instance } = model([before, after], [upgradeEvents], { gate: new Promise((resolve) => { open = resolve; }) });
    instance.load();
    expect(instance.close().now).toBe(true);
    const run = instance.updateSelected();
    const closing = instance.close();
    expect(closing.now).toBe(false);
    let done = false;
    void closing.done.then(() => { done = true; });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    open();
    await run;
    await closing.done;
    expect(instance.busy).toBe(false);
  });

  it('keeps an error with its chroot, and says it once without repeating the name', async () => {
    const { instance } = model([before], [[busyResult]]);
    instance.load();
    await instance.updateSelected();
    const { page, error, chroots } = instance.state;
    expect(page).toBe('has-updates');
    expect(chroots[0]).toMatchObject({ error: 'Busy: another update is running (process 42)', subtitle: 'bookworm (amd64) — Busy: another update is running (process 42)', tooltip: busyMessage });
    expect(error?.summary).toBe('bookworm could not be updated');
    expect(error?.details).toBe(`bookworm: ${busyMessage}`);
    // Said once: other changes keep the same error; the next failing run raises a new one.
    const id = error?.id;
    instance.toggle('bookworm');
    expect(instance.state.error?.id).toBe(id);
    instance.toggle('bookworm');
    await instance.updateSelected();
    expect(instance.state.error?.id).not.toBe(id);
  });

  it('has a page of its own for a server without chroots', async () => {
    const none: EngineEvent = { v: 1, type: 'error', code: 'no-chroots', message: 'no chroots found in /srv/ltsp: create one', exitCode: 67 };
    const { instance } = model([[]], [[none]]);
    instance.load();
    expect(instance.state.page).toBe('no-chroots');
    const checking = instance.check();
    expect(instance.state).toMatchObject({ page: 'checking', placeholder: { title: 'Looking for client chroots…' } });
    await checking;
    expect(instance.state).toMatchObject({ page: 'no-chroots', error: null, total: '', placeholder: { title: 'No client chroots' } });
  });

  it('has an error page when nothing can be shown, with the engine’s words', async () => {
    const broken: EngineEvent = { v: 1, type: 'error', code: 'usage', message: 'the state dir /var/lib/x is not a folder', exitCode: 64 };
    const { instance } = model([[]], [[broken]]);
    instance.load();
    await instance.check();
    expect(instance.state).toMatchObject({
      page: 'error', can: { checkAgain: true },
      placeholder: { title: 'Could not look at the client chroots', description: 'the state dir /var/lib/x is not a folder' },
      error: { summary: 'the state dir /var/lib/x is not a folder' },
    });
  });

  it('cancels a run: the engine is asked to stop, and what it cut short is no error', async () => {
    let open!: () => void;
    const { instance, started } = model([before], [[busyResult]], { gate: new Promise((resolve) => { open = resolve; }) });
    instance.load();
    const run = instance.updateSelected();
    expect(instance.state.can.cancel).toBe(true);
    instance.cancel();
    expect(started[0]?.cancelled).toBe(true);
    expect(instance.state).toMatchObject({ busy: true, busyLabel: 'Stopping…', can: { cancel: false } });
    open();
    await run;
    expect(instance.state).toMatchObject({ busy: false, error: null, page: 'has-updates' });
    expect(instance.state.chroots[0]?.error).toBe('Stopped before it finished: “Update now” finishes it');
  });

  it('offers each release once for all its chroots, and "Upgrade" moves them one after another', async () => {
    const lab = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab' };
    const failed: EngineEvent = { v: 1, type: 'error', code: 'apt-failed', chroot: 'bookworm', message: 'apt-get dist-upgrade failed in bookworm: E: broken', exitCode: 74 };
    const { instance, runs } = model([[bookworm, lab, unsupported]], [[failed], []]);
    instance.load();
    expect(instance.state.releaseOffers).toEqual([{
      release: 'trixie', server: false, chroots: ['bookworm', 'lab'],
      offer: 'trixie is available for bookworm and lab', question: 'Upgrade bookworm and lab to trixie?',
      explanation: expect.stringMatching(/^Their packages move to the new release/),
    }]);
    await instance.releaseUpgrade('trixie', { snapshot: true });
    expect(runs).toEqual([
      ['release-upgrade', '--yes', '--to', 'trixie', '--snapshot', 'bookworm'],
      ['release-upgrade', '--yes', '--to', 'trixie', '--snapshot', 'lab'],
    ]);
    expect(instance.state.error?.summary).toBe('bookworm could not be upgraded to trixie');
    expect(instance.state.chroots[0]?.error).toBe('apt-get dist-upgrade failed in bookworm: E: broken');
  });

  it('offers the server with the chroots of its release in one run, and the others apart, saying which are behind it', async () => {
    const server: ChrootStatus = { ...bookworm, kind: 'server', name: 'server', path: '/' };
    const lab = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab' };
    const old: ChrootStatus = { ...bookworm, name: 'old', path: '/srv/ltsp/old', release: 'bullseye', nextRelease: 'bookworm', behindServer: true };
    const moves: EngineEvent = {
      v: 1, type: 'result', command: 'release-upgrade', moves: [
        { chroot: 'server', kind: 'server', from: 'bookworm', to: 'trixie', moved: true, upgraded: 3, installed: 0, removed: [], disabledSources: [], sourcesBackup: null, snapshot: null, kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' }, phases: {}, error: null },
        { chroot: 'lab', kind: 'chroot', from: 'bookworm', to: 'trixie', moved: false, upgraded: 0, installed: 0, removed: [], disabledSources: [], sourcesBackup: null, snapshot: null, kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' }, phases: {}, error: { chroot: 'lab', code: 'apt-failed', message: 'apt-get dist-upgrade failed in lab' } },
      ],
      untouched: [],
    };
    const { instance, runs } = model([[server, bookworm, lab, old, unsupported]], [[moves]]);
    instance.load();
    expect(instance.state.releaseOffers.map(({ release, server: withServer, chroots, offer, question }) => ({ release, withServer, chroots, offer, question }))).toEqual([
      { release: 'trixie', withServer: true, chroots: ['bookworm', 'lab'], offer: 'Upgrade this server and its 2 chroots to trixie', question: 'Upgrade this server and its chroots bookworm and lab to trixie?' },
      { release: 'bookworm', withServer: false, chroots: ['old'], offer: 'old is behind the server: bookworm is available for it', question: 'Upgrade old to bookworm?' },
    ]);
    await instance.releaseUpgrade('trixie', { snapshot: true });
    expect(runs).toEqual([['release-upgrade', '--yes', '--to', 'trixie', '--snapshot', '--server', 'bookworm', 'lab']]);
    expect(instance.state.error?.summary).toBe('lab could not be upgraded to trixie');
  });

  it('opens the package manager a chroot has, checks it again once it is closed, and tells the others how to get one', async () => {
    const lab: ChrootStatus = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab', packageManager: 'Synaptic' };
    let closeIt: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => { closeIt = resolve; });
    const { instance, runs } = model([[bookworm, lab, unsupported]], [[{ v: 1, type: 'result', command: 'package-manager', chroot: 'lab', exitCode: 0, signal: null }], []], { gate: closed });
    instance.load();
    const [plain, managed, rpi] = instance.state.chroots;
    expect(managed).toMatchObject({ openPackageManager: 'Open in Synaptic…', packageManagerHint: null });
    expect(plain).toMatchObject({ openPackageManager: null, packageManagerHint: 'To manage its packages here, install Synaptic in it: ltsp-chroot exec --network bookworm -- apt-get install synaptic' });
    expect(plain?.tooltip).toBe('6 updates (6 security)\nTo manage its packages here, install Synaptic in it: ltsp-chroot exec --network bookworm -- apt-get install synaptic');
    expect(rpi).toMatchObject({ openPackageManager: null, packageManagerHint: null });
    const open = instance.openPackageManager('lab');
    expect(instance.state).toMatchObject({ busy: true, busyLabel: 'Synaptic is open in lab…', can: { openPackageManager: false, updateSelected: false } });
    closeIt();
    await open;
    expect(runs).toEqual([['package-manager', 'lab'], ['check', 'lab']]);
    expect(instance.state.busy).toBe(false);
    // Nothing to open where there is none.
    await instance.openPackageManager('bookworm');
    expect(runs).toHaveLength(2);
  });

  it('shows the live image of a chroot whose images are versions, and "Roll back" switches to the one before, then checks it', async () => {
    const utc: DateStyle = { locale: 'en-GB', timeZone: 'UTC' };
    const served: ChrootStatus = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab', image: { live: '20261203T114500Z', rollbackTo: '20261202T091000Z' } };
    const rolled: ChrootStatus = { ...served, image: { live: '20261202T091000Z', rollbackTo: null } };
    const result: EngineEvent = { v: 1, type: 'result', command: 'rollback', chroot: 'lab', from: '20261203T114500Z', to: '20261202T091000Z', kernel: '6.1.0-28-amd64' };
    let open!: () => void;
    const { instance, runs } = model([[bookworm, served], [bookworm, rolled]], [[result], []], { dateStyle: utc, gate: new Promise((resolve) => { open = resolve; }) });
    instance.load();
    const [plain, lab] = instance.state.chroots;
    expect(lab).toMatchObject({ image: 'Image of 3 Dec 2026, 11:45', rollBack: 'Roll back to the image of 2 Dec 2026, 09:10' });
    // A chroot whose image is not kept as versions has neither.
    expect(plain).toMatchObject({ image: null, rollBack: null });
    expect(instance.state.can.rollBack).toBe(true);

    const rolling = instance.rollBack('lab');
    // While it runs, no button offers it again, and nothing else can start.
    expect(instance.state).toMatchObject({ busy: true, page: 'running', busyLabel: 'Rolling back…', can: { rollBack: false, updateSelected: false, checkAgain: false } });
    expect(instance.state.chroots[1]).toMatchObject({ image: 'Image of 3 Dec 2026, 11:45', rollBack: null });
    open();
    await rolling;
    expect(runs).toEqual([['rollback', 'lab'], ['check', 'lab']]);
    expect(instance.state).toMatchObject({ busy: false, error: null, can: { rollBack: true } });
    // Nothing older is kept now: the live one is shown, and no roll back is offered.
    expect(instance.state.chroots[1]).toMatchObject({ image: 'Image of 2 Dec 2026, 09:10', rollBack: null });
    await instance.rollBack('lab');
    await instance.rollBack('bookworm');
    expect(runs).toHaveLength(2);
  });

  it('never offers the server a roll back, and says once which chroot could not be rolled back', async () => {
    const image = { live: '20261203T114500Z', rollbackTo: '20261202T091000Z' };
    const server: ChrootStatus = { ...bookworm, kind: 'server', name: 'server', path: '/', image };
    const lab: ChrootStatus = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab', image };
    const refused: EngineEvent = { v: 1, type: 'error', code: 'no-version', chroot: 'lab', kind: 'chroot', message: 'lab has no image older than 20261203T114500Z to roll back to', exitCode: 86 };
    const { instance, runs } = model([[server, lab]], [[refused], []]);
    instance.load();
    expect(instance.state.chroots.map((row) => [row.title, row.image !== null, row.rollBack !== null])).toEqual([['This server', false, false], ['lab', true, true]]);
    await instance.rollBack('/');
    expect(runs).toEqual([]);
    await instance.rollBack('lab');
    expect(runs).toEqual([['rollback', 'lab'], ['check', 'lab']]);
    expect(instance.state.error).toMatchObject({ summary: 'lab could not be rolled back', details: 'lab: lab has no image older than 20261203T114500Z to roll back to' });
    expect(instance.state.chroots[1]?.error).toBe('lab has no image older than 20261203T114500Z to roll back to');
  });

  it('writes an image version as a date in the person’s words, and leaves an id that is no stamp as it is', () => {
    expect(versionDateLabel('20261203T114500Z', { locale: 'en-GB', timeZone: 'UTC' })).toBe('3 Dec 2026, 11:45');
    expect(versionDateLabel('20261203T114500Z-2', { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toBe('3. Dez. 2026, 12:45');
    expect(versionDateLabel('20261399T114500Z', { locale: 'en-GB' })).toBe('20261399T114500Z');
    expect(versionDateLabel('<b>old</b>', { locale: 'en-GB' })).toBe('<b>old</b>');
  });

  it('lets a translation put the names where its language wants them', () => {
    const reordering: Translator = {
      gettext: (text) => ({ '{release} is available for {chroots}': 'Für {chroots} gibt es {release}', '{list} and {last}': '{list} und {last}' } as Record<string, string>)[text] ?? text,
      ngettext: (singular, plural, count) => (count === 1 ? singular : plural),
    };
    const lab = { ...bookworm, name: 'lab', path: '/srv/ltsp/lab' };
    const { instance } = model([[bookworm, lab]], [[]], { translator: reordering });
    instance.load();
    expect(instance.state.releaseOffers[0]?.offer).toBe('Für bookworm und lab gibt es trixie');
    expect(listLabel(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
