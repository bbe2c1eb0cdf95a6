// The model both update windows bind to: every chroot from the status cache, which ones are
// ticked, and the state of a run. Pure TypeScript: no toolkit, no D-Bus; the engine is reached
// through the client's runEngine (pkexec ltsp-chroot … --json), given to the constructor.
// Every decision a window shows is made here (model-state.ts lists them).
import type { EngineRun } from '../client/run-engine.js';
import type { TargetKind } from '../protocol/chroot.js';
import type { EngineEvent, StepId } from '../protocol/events.js';
import type { ChrootStatus, PackageUpdate } from '../protocol/status.js';
import { failureLabel, releaseLabel, sizeLabel, subtitleLabel, summaryLabel, versionLabel, type DateStyle } from './format.js';
import { rowKey, serverKey, type ChrootRow, type ModelError, type ModelState, type PageState, type PackageRow } from './model-state.js';
import { busyLabel, imageLabels, packageManagerLabels, placeholderFor, releaseOffers, runFailureSummary, totalLabel, type RunKind } from './page-labels.js';
import { untranslated, type Translator } from './translator.js';

export interface ModelDeps {
  /** The status cache, read without running apt (engine client's readStatusCache). */
  readStatus: () => ChrootStatus[];
  /** Start `ltsp-chroot ARGS… --json` (engine client's runEngine). */
  run: (args: string[]) => EngineRun;
  /** The window's gettext; English as written when not given. */
  translator?: Translator;
  /** Run the quiet check after showing the cache (start()); off for tests that must not touch apt. */
  checkOnStart?: boolean;
  /** How dates are written; the process's locale and time zone when not given (tests fix them). */
  dateStyle?: DateStyle;
}

/** A chroot's failure in the current or last run. */
interface Failure {
  /** The name the engine gave it. */
  chroot: string;
  code: string;
  message: string;
  holderPid?: number;
}

interface Run {
  kind: RunKind;
  /** The release a release upgrade moves to. */
  release?: string;
  /** A package manager's run: its name and the chroot it manages. */
  manager?: { title: string; chroot: string };
  stopping: boolean;
  current: EngineRun | undefined;
  failures: Map<string, Failure>;
  /** A failure of the whole run (pkexec refused, no chroots, a crash), not of one chroot. */
  whole: Omit<Failure, 'chroot'> | null;
}

/** What a row says while the engine is at a step (apt's own words name the package). */
function phaseWords(t: Translator): Partial<Record<StepId, string>> {
  return {
    'apt-update': t.gettext('Refreshing the package lists'), download: t.gettext('Downloading'), install: t.gettext('Installing'),
    image: t.gettext('Rebuilding the image'), kernel: t.gettext('Copying the kernel'), preflight: t.gettext('Checking the chroot can move'),
    snapshot: t.gettext('Copying the chroot aside'), sources: t.gettext('Pointing apt at the new release'), rollback: t.gettext('Rolling back'),
    'dpkg-recover': t.gettext('Finishing an interrupted update'),
  };
}

/** The windows' model: a readonly snapshot, `subscribe`, and the commands. */
export class UpdatesModel {
  private statuses: ChrootStatus[] = [];
  private selected = new Set<string>();
  private page: PageState = 'loading';
  private error: ModelError | null = null;
  private errorCount = 0;
  private details: string[] = [];
  private phases = new Map<string, { phase: string; progress: number | null }>();
  /** Row errors of the last run, kept until the next run starts. */
  private failures = new Map<string, Failure>();
  private stoppedRows = new Set<string>();
  private current: Run | undefined;
  private readonly listeners = new Set<(state: ModelState) => void>();
  private readonly deps: ModelDeps;
  private readonly t: Translator;
  private readonly phaseWords: Partial<Record<StepId, string>>;

  constructor(deps: ModelDeps) {
    this.deps = deps;
    this.t = deps.translator ?? untranslated;
    this.phaseWords = phaseWords(this.t);
  }

  /** Call `listener` on every change; returns the way to stop. */
  subscribe(listener: (state: ModelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current snapshot. */
  get state(): ModelState {
    const t = this.t;
    const rows = this.statuses.map((status) => this.row(status));
    const ticked = this.statuses.filter((status) => this.selected.has(rowKey(status)));
    const busy = this.current !== undefined;
    return {
      page: this.page,
      busy,
      can: {
        checkAgain: !busy,
        updateSelected: !busy && rows.some((row) => row.selected),
        updateAll: !busy && rows.some((row) => row.canUpdate),
        cancel: busy && !this.current?.stopping,
        releaseUpgrade: !busy,
        openPackageManager: !busy,
        rollBack: !busy,
      },
      busyLabel: busyLabel(this.current, t),
      total: totalLabel(this.page, ticked.reduce((sum, status) => sum + (status.downloadBytes ?? 0), 0), t),
      placeholder: placeholderFor(this.page, rows.length, this.error, t),
      chroots: rows,
      releaseOffers: releaseOffers(this.statuses, t),
      error: this.error,
      details: [...this.details],
    };
  }

  /** Show the status cache (before any slow work), then run the quiet check unless switched off. */
  start(): void {
    this.load();
    if (this.deps.checkOnStart !== false) void this.check();
  }

  /** Show the status cache at once; every chroot with updates starts ticked. */
  load(): void {
    this.statuses = this.readStatus();
    for (const status of this.statuses) if (this.updatable(status)) this.selected.add(rowKey(status));
    if (this.page !== 'error') this.page = this.restingPage();
    this.changed();
  }

  /** The quiet check the windows run after showing the cache: pending updates from the current lists. */
  check(): Promise<void> {
    return this.runEngine({ kind: 'check' }, [['check', this.everyTarget()]]);
  }

  /** "Check again": refresh the lists and downloads of every chroot (and of the server). */
  refresh(): Promise<void> {
    return this.runEngine({ kind: 'check' }, [['refresh', this.everyTarget()]]);
  }

  /**
   * The server is one of the window's targets once the root job has checked it (its entry is in
   * the status cache): then every run covers it too, first.
   */
  private everyTarget(): '--all' | '--everything' {
    return this.statuses.some((status) => status.kind === 'server') ? '--everything' : '--all';
  }

  /** Tick or untick a row (its `name`, the row's key) for "Update now". */
  toggle(key: string): void {
    if (this.selected.has(key)) this.selected.delete(key);
    else if (this.statuses.some((status) => rowKey(status) === key && this.updatable(status))) this.selected.add(key);
    this.changed();
  }

  selectAll(): void {
    for (const status of this.statuses) if (this.updatable(status)) this.selected.add(rowKey(status));
    this.changed();
  }

  deselectAll(): void {
    this.selected.clear();
    this.changed();
  }

  /** "Update now": upgrade the ticked server and chroots in one run, the server first. */
  updateSelected(): Promise<void> {
    const ticked = this.statuses.filter((status) => this.selected.has(rowKey(status)));
    if (ticked.length === 0) return Promise.resolve();
    const server = ticked.some((status) => status.kind === 'server') ? ['--server'] : [];
    const chroots = ticked.filter((status) => status.kind !== 'server').map((status) => status.name);
    return this.runEngine({ kind: 'update' }, [['upgrade', '--yes', ...server, ...chroots]]);
  }

  /**
   * "Open in Synaptic…": the chroot's own package manager on this display, through its own polkit
   * action; once it is closed, the chroot is checked again, since it may have changed anything.
   */
  openPackageManager(key: string): Promise<void> {
    const status = this.statuses.find((entry) => rowKey(entry) === key && entry.kind === 'chroot');
    if (!status?.packageManager || status.verdict === 'unsupported') return Promise.resolve();
    const name = status.name;
    return this.runEngine({ kind: 'manage', manager: { title: status.packageManager, chroot: name } }, [['package-manager', name], ['check', name]]);
  }

  /**
   * "Roll back": the chroot's clients boot its image before the live one again (the engine
   * switches the image and the TFTP kernel back); then the chroot is checked, for what it serves now.
   */
  rollBack(key: string): Promise<void> {
    const status = this.statuses.find((entry) => rowKey(entry) === key && entry.kind === 'chroot');
    if (!status?.image?.rollbackTo) return Promise.resolve();
    return this.runEngine({ kind: 'rollback' }, [['rollback', status.name], ['check', status.name]]);
  }

  /** "Update All": tick every chroot that has updates, and update them. */
  updateAll(): Promise<void> {
    this.selectAll();
    return this.updateSelected();
  }

  /**
   * "Upgrade": the server's offer moves the server and its chroots in one run (every preflight
   * first); a chroots' offer moves each in turn. Each chroot with a snapshot when asked.
   */
  releaseUpgrade(release: string, options: { snapshot: boolean }): Promise<void> {
    const offer = releaseOffers(this.statuses, this.t).find((entry) => entry.release === release);
    if (!offer) return Promise.resolve();
    const move = ['release-upgrade', '--yes', '--to', release, ...(options.snapshot ? ['--snapshot'] : [])];
    const commands = offer.server ? [[...move, '--server', ...offer.chroots]] : offer.chroots.map((name) => [...move, name]);
    return this.runEngine({ kind: 'release', release }, commands);
  }

  /** True while the engine works for this model. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Resolves once no run is going (at once when none is). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.subscribe(() => {
        if (this.busy) return;
        stop();
        resolve();
      });
    });
  }

  /**
   * The window is being closed. A run is never killed by it: `now` says whether the window may
   * go at once; otherwise it hides, and the application ends when `done` resolves.
   */
  close(): { now: boolean; done: Promise<void> } {
    return { now: !this.busy, done: this.idle() };
  }

  /** "Cancel": stop the current run; the engine takes its chroot down cleanly, and the next run finishes what was cut short. */
  cancel(): void {
    const run = this.current;
    if (!run || run.stopping) return;
    run.stopping = true;
    this.changed();
    run.current?.cancel();
  }

  private async runEngine(what: Pick<Run, 'kind' | 'release' | 'manager'>, commands: string[][]): Promise<void> {
    if (this.current) return;
    const run: Run = { ...what, stopping: false, current: undefined, failures: new Map(), whole: null };
    this.current = run;
    this.page = what.kind === 'check' ? 'checking' : 'running';
    this.error = null;
    this.details = [];
    this.phases.clear();
    this.failures.clear();
    this.stoppedRows.clear();
    this.changed();
    try {
      for (const args of commands) {
        if (run.stopping) break;
        const engine = this.deps.run(args);
        run.current = engine;
        for await (const event of engine.events) this.apply(run, event);
        await engine.exitCode;
      }
    } finally {
      this.current = undefined;
      this.finish(run);
      this.changed();
    }
  }

  /** The run is over: the statuses are read again, and its failures go to their rows and, once, to the error. */
  private finish(run: Run): void {
    this.phases.clear();
    this.statuses = this.readStatus();
    for (const key of [...this.selected]) if (!this.statuses.some((status) => rowKey(status) === key && this.updatable(status))) this.selected.delete(key);
    if (run.stopping) {
      // The person asked for it: the rows say so, and no error is raised.
      for (const key of run.failures.keys()) this.stoppedRows.add(key);
    } else {
      this.failures = run.failures;
      const summary = runFailureSummary(run, this.t);
      if (summary) this.error = { id: ++this.errorCount, ...summary };
    }
    const nothing = this.statuses.length === 0;
    if (nothing && run.whole && run.whole.code !== 'no-chroots' && !run.stopping) this.page = 'error';
    else this.page = this.restingPage();
  }

  private apply(run: Run, event: EngineEvent): void {
    if (event.type === 'log' && event.level === 'output') {
      this.details.push(event.chroot ? `${event.chroot}: ${event.message}` : event.message);
    } else if (event.type === 'step' && event.chroot !== '*') {
      const words = this.phaseWords[event.step];
      if (event.state === 'started' && words) this.phases.set(this.keyOfEvent(event.chroot, event.kind), { phase: words, progress: null });
    } else if (event.type === 'progress') {
      const verb = event.package ? event.message : `${this.phaseWords[event.step] ?? event.step}: ${event.message}`;
      this.phases.set(this.keyOfEvent(event.chroot, event.kind), { phase: verb, progress: Math.round(event.percent) });
    } else if (event.type === 'error') {
      const failure = { code: event.code, message: event.message, ...(event.holderPid === undefined ? {} : { holderPid: event.holderPid }) };
      if (event.chroot) run.failures.set(this.keyOfEvent(event.chroot, event.kind), { chroot: event.chroot, ...failure });
      else run.whole = failure;
    } else if (event.type === 'result' && 'failed' in event) {
      for (const failure of event.failed) run.failures.set(this.keyOfEvent(failure.chroot, failure.kind), failure);
    } else if (event.type === 'result' && event.command === 'upgrade') {
      for (const outcome of event.chroots) if (outcome.error) run.failures.set(this.keyOfEvent(outcome.chroot, outcome.kind), outcome.error);
    } else if (event.type === 'result' && event.command === 'release-upgrade') {
      for (const move of event.moves) if (move.error) run.failures.set(this.keyOfEvent(move.chroot, move.kind), move.error);
    } else {
      return;
    }
    this.changed();
  }

  /**
   * The row of what an event names. A chroot may be called "server" like the server; an event
   * that leaves its kind out (an older engine, an error of the whole command) means the chroot of
   * that name where there is one, and the server only where there is none.
   */
  private keyOfEvent(chroot: string, kind: TargetKind | undefined): string {
    if (kind !== undefined) return rowKey({ kind, name: chroot });
    const has = (of: TargetKind) => this.statuses.some((status) => status.kind === of && status.name === chroot);
    return has('server') && !has('chroot') ? serverKey : chroot;
  }

  private readStatus(): ChrootStatus[] {
    try {
      return this.deps.readStatus();
    } catch (error) {
      this.page = 'error';
      this.error = { id: ++this.errorCount, summary: String((error as Error).message ?? error), details: String((error as Error).message ?? error) };
      return [];
    }
  }

  private updatable(status: ChrootStatus): boolean {
    return status.verdict !== 'unsupported' && (status.pending ?? 0) > 0;
  }

  private restingPage(): PageState {
    if (this.statuses.length === 0) return 'no-chroots';
    return this.statuses.some((status) => this.updatable(status)) ? 'has-updates' : 'up-to-date';
  }

  private row(status: ChrootStatus): ChrootRow {
    const t = this.t;
    const packageRow = (update: PackageUpdate): PackageRow => ({ name: update.name, version: versionLabel(update, t), size: sizeLabel(update.sizeBytes), security: update.security });
    const key = rowKey(status);
    const phase = this.phases.get(key);
    const failure = this.failures.get(key);
    const error = this.stoppedRows.has(key) ? t.gettext('Stopped before it finished: “Update now” finishes it')
      : failure ? failureLabel(failure, t) : null;
    const release = releaseLabel(status, t);
    const summary = summaryLabel(status, t);
    const canUpdate = this.updatable(status);
    const selected = this.selected.has(key);
    return {
      kind: status.kind,
      name: key,
      title: status.kind === 'server' ? t.gettext('This server') : status.name,
      release,
      summary,
      subtitle: subtitleLabel(release, phase, error, summary, t),
      // Where the chroot has no package manager, the row says how to get one.
      tooltip: failure ? failure.message : [summary, packageManagerLabels(status, t).packageManagerHint].filter(Boolean).join('\n'),
      pending: status.pending ?? 0,
      security: status.security ?? 0,
      urgent: (status.security ?? 0) > 0,
      selected,
      canUpdate,
      checkable: canUpdate || selected,
      securityUpdates: status.packages.filter((update) => update.security).map(packageRow),
      otherUpdates: status.packages.filter((update) => !update.security).map(packageRow),
      downloadSize: canUpdate ? sizeLabel(status.packages.reduce((sum, update) => sum + update.sizeBytes, 0)) : '',
      upgradeTo: status.verdict === 'unsupported' ? null : status.nextRelease,
      ...packageManagerLabels(status, t),
      ...imageLabels(status, this.busy, t, this.deps.dateStyle),
      phase: phase === undefined ? null : phase.phase,
      progress: phase?.progress ?? null,
      error,
    };
  }

  private changed(): void {
    const snapshot = this.state;
    for (const listener of this.listeners) listener(snapshot);
  }
}
