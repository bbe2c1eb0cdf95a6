// The model both update windows bind to: every chroot from the status cache, which ones are
// ticked, and the state of a run. Pure TypeScript: no toolkit, no D-Bus; the engine is reached
// through the client's runEngine (pkexec ltsp-chroot … --json), given to the constructor.
import type { EngineRun } from '../client/run-engine.js';
import type { EngineEvent, StepId } from '../protocol/events.js';
import type { ChrootStatus, PackageUpdate } from '../protocol/status.js';
import { releaseLabel, sizeLabel, summaryLabel, versionLabel } from './format.js';
import { untranslated, type Translator } from './translator.js';

/** The one page state the windows switch on (Discover's UpdatesPage states). */
export type PageState = 'loading' | 'checking' | 'has-updates' | 'running' | 'up-to-date' | 'error';

export interface PackageRow {
  name: string;
  version: string;
  size: string;
  security: boolean;
}

export interface ChrootRow {
  name: string;
  release: string;
  summary: string;
  pending: number;
  security: number;
  /** Ticked for "Update now". */
  selected: boolean;
  /** False for chroots that cannot run here (the summary says why) or have nothing to install. */
  canUpdate: boolean;
  securityUpdates: PackageRow[];
  otherUpdates: PackageRow[];
  downloadSize: string;
  /** "trixie" when the chroot's mirror serves the next release. */
  upgradeTo: string | null;
  /** During a run: "Installing apt", "Rebuilding the image"…, and a 0–100 progress. */
  phase: string | null;
  progress: number | null;
}

export interface ModelState {
  page: PageState;
  chroots: ChrootRow[];
  totalDownload: string;
  /** The engine's one-line message of the last failure, for a toast or a dialog. */
  error: string | null;
  /** apt's and LTSP's raw output of the current or last run, for a "Details" view. */
  details: string[];
}

export interface ModelDeps {
  /** The status cache, read without running apt (engine client's readStatusCache). */
  readStatus: () => ChrootStatus[];
  /** Start `ltsp-chroot ARGS… --json` (engine client's runEngine). */
  run: (args: string[]) => EngineRun;
  /** The window's gettext; English as written when not given. */
  translator?: Translator;
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
  private error: string | null = null;
  private details: string[] = [];
  private phases = new Map<string, { phase: string; progress: number | null }>();
  private current: EngineRun | undefined;
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
    const rows = this.statuses.map((status) => this.row(status));
    const total = this.statuses.filter((status) => this.selected.has(status.name)).reduce((sum, status) => sum + (status.downloadBytes ?? 0), 0);
    return { page: this.page, chroots: rows, totalDownload: sizeLabel(total), error: this.error, details: [...this.details] };
  }

  /** Show the status cache at once (before any slow work); every chroot with updates starts ticked. */
  load(): void {
    this.statuses = this.deps.readStatus();
    for (const status of this.statuses) if ((status.pending ?? 0) > 0 && status.verdict !== 'unsupported') this.selected.add(status.name);
    this.page = this.restingPage();
    this.changed();
  }

  /** The quiet check the windows run after showing the cache: pending updates from the current lists. */
  check(): Promise<void> {
    return this.runEngine(['check', '--all'], 'checking');
  }

  /** "Check again": refresh the lists and downloads of every chroot. */
  refresh(): Promise<void> {
    return this.runEngine(['refresh', '--all'], 'checking');
  }

  /** Tick or untick a chroot for "Update now". */
  toggle(name: string): void {
    if (this.selected.has(name)) this.selected.delete(name);
    else if (this.statuses.some((status) => status.name === name && this.updatable(status))) this.selected.add(name);
    this.changed();
  }

  selectAll(): void {
    for (const status of this.statuses) if (this.updatable(status)) this.selected.add(status.name);
    this.changed();
  }

  deselectAll(): void {
    this.selected.clear();
    this.changed();
  }

  /** "Update now": upgrade the ticked chroots. */
  updateSelected(): Promise<void> {
    const names = this.statuses.filter((status) => this.selected.has(status.name)).map((status) => status.name);
    if (names.length === 0) return Promise.resolve();
    return this.runEngine(['upgrade', '--yes', ...names], 'running');
  }

  /** "Upgrade…": move one chroot to its next release, with a snapshot when asked. */
  releaseUpgrade(name: string, options: { snapshot: boolean }): Promise<void> {
    const status = this.statuses.find((entry) => entry.name === name);
    if (!status?.nextRelease) return Promise.resolve();
    return this.runEngine(['release-upgrade', '--yes', '--to', status.nextRelease, ...(options.snapshot ? ['--snapshot'] : []), name], 'running');
  }

  /** True while the engine works for this model. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Resolves once no run is going (at once when none is): a closed window waits for it before the app ends. */
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

  /** Stop the current run (the engine takes its chroot down cleanly on SIGTERM). */
  cancel(): void {
    this.current?.cancel();
  }

  private async runEngine(args: string[], page: PageState): Promise<void> {
    if (this.current) return;
    this.page = page;
    this.error = null;
    this.details = [];
    this.phases.clear();
    this.changed();
    const run = this.deps.run(args);
    this.current = run;
    try {
      for await (const event of run.events) this.apply(event);
      await run.exitCode;
    } finally {
      this.current = undefined;
      this.phases.clear();
      this.statuses = this.deps.readStatus();
      for (const name of [...this.selected]) if (!this.statuses.some((status) => status.name === name && this.updatable(status))) this.selected.delete(name);
      this.page = this.error ? 'error' : this.restingPage();
      this.changed();
    }
  }

  private apply(event: EngineEvent): void {
    if (event.type === 'log' && event.level === 'output') this.details.push(event.chroot ? `${event.chroot}: ${event.message}` : event.message);
    else if (event.type === 'step' && event.chroot !== '*') {
      const words = this.phaseWords[event.step];
      if (event.state === 'started' && words) this.phases.set(event.chroot, { phase: words, progress: null });
      if (event.state === 'failed') this.error = `${event.chroot}: ${event.message ?? 'failed'}`;
    } else if (event.type === 'progress') {
      const verb = event.package ? `${event.message}` : `${this.phaseWords[event.step] ?? event.step}: ${event.message}`;
      this.phases.set(event.chroot, { phase: verb, progress: Math.round(event.percent) });
    } else if (event.type === 'error') {
      this.error = event.message;
    } else if (event.type === 'result' && 'failed' in event && event.failed.length > 0) {
      this.error = event.failed.map((failure) => `${failure.chroot}: ${failure.message}`).join('\n');
    } else if (event.type === 'result' && event.command === 'upgrade') {
      const failures = event.chroots.filter((outcome) => outcome.error);
      if (failures.length > 0) this.error = failures.map((outcome) => `${outcome.chroot}: ${outcome.error?.message}`).join('\n');
    } else {
      return;
    }
    this.changed();
  }

  private updatable(status: ChrootStatus): boolean {
    return status.verdict !== 'unsupported' && (status.pending ?? 0) > 0;
  }

  private restingPage(): PageState {
    if (this.statuses.length === 0) return 'loading';
    return this.statuses.some((status) => this.updatable(status)) ? 'has-updates' : 'up-to-date';
  }

  private row(status: ChrootStatus): ChrootRow {
    const packageRow = (update: PackageUpdate): PackageRow => ({ name: update.name, version: versionLabel(update, this.t), size: sizeLabel(update.sizeBytes), security: update.security });
    const phase = this.phases.get(status.name);
    return {
      name: status.name,
      release: releaseLabel(status, this.t),
      summary: summaryLabel(status, this.t),
      pending: status.pending ?? 0,
      security: status.security ?? 0,
      selected: this.selected.has(status.name),
      canUpdate: this.updatable(status),
      securityUpdates: status.packages.filter((update) => update.security).map(packageRow),
      otherUpdates: status.packages.filter((update) => !update.security).map(packageRow),
      downloadSize: sizeLabel(status.packages.reduce((sum, update) => sum + update.sizeBytes, 0)),
      upgradeTo: status.verdict === 'unsupported' ? null : status.nextRelease,
      phase: phase?.phase ?? null,
      progress: phase?.progress ?? null,
    };
  }

  private changed(): void {
    const snapshot = this.state;
    for (const listener of this.listeners) listener(snapshot);
  }
}
