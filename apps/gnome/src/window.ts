// The update window: every chroot in one list, "Check Again" and "Update now" in the header bar,
// a banner per chroot with a newer release. Widgets only render the model's state and call its
// commands; the model (shared with the KDE window) does the work.
import type { ModelState, UpdatesModel } from '@ltsp-update/engine/view-model';
import { ChrootRow } from './chroot-row.js';
import { Adw, Gio, GLib, Gtk } from './gi.js';
import { _ } from './i18n.js';
import { ReleaseBanner } from './release-banner.js';

export class UpdatesWindow {
  readonly widget: InstanceType<typeof Adw.ApplicationWindow>;
  private readonly model: UpdatesModel;
  private readonly toasts: InstanceType<typeof Adw.ToastOverlay>;
  private readonly spinner: InstanceType<typeof Gtk.Spinner>;
  private readonly updateButton: InstanceType<typeof Gtk.Button>;
  private readonly checkButton: InstanceType<typeof Gtk.Button>;
  private readonly group: InstanceType<typeof Adw.PreferencesGroup>;
  private readonly banners: InstanceType<typeof Gtk.Box>;
  private readonly total: InstanceType<typeof Gtk.Label>;
  private readonly details: InstanceType<typeof Gtk.TextBuffer>;
  private readonly rows = new Map<string, ChrootRow>();
  private readonly bannerRows = new Map<string, ReleaseBanner>();
  private lastError: string | null = null;

  constructor(application: InstanceType<typeof Adw.Application>, model: UpdatesModel) {
    this.model = model;
    this.widget = new Adw.ApplicationWindow({ application, title: _('LTSP Updates'), defaultWidth: 760, defaultHeight: 640 });

    this.checkButton = new Gtk.Button({ label: _('Check Again'), actionName: 'win.check' });
    this.spinner = new Gtk.Spinner();
    this.updateButton = new Gtk.Button({ label: _('Update now'), actionName: 'win.update', cssClasses: ['suggested-action'] });
    const header = new Adw.HeaderBar();
    header.packStart(this.checkButton);
    header.packStart(this.spinner);
    header.packEnd(this.updateButton);

    this.banners = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6 });
    this.group = new Adw.PreferencesGroup({ title: _('Client chroots') });
    this.total = new Gtk.Label({ xalign: 0, cssClasses: ['dim-label'] });
    this.details = new Gtk.TextBuffer();
    const expander = new Gtk.Expander({ label: _('Details') });
    expander.setChild(new Gtk.ScrolledWindow({ minContentHeight: 160, child: new Gtk.TextView({ buffer: this.details, editable: false, monospace: true }) }));

    const column = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 18, marginTop: 18, marginBottom: 18, marginStart: 12, marginEnd: 12 });
    for (const child of [this.banners, this.group, this.total, expander]) column.append(child);
    const clamp = new Adw.Clamp({ maximumSize: 800, child: column });
    const page = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    page.append(header);
    page.append(new Gtk.ScrolledWindow({ vexpand: true, child: clamp }));
    this.toasts = new Adw.ToastOverlay({ child: page });
    this.widget.setContent(this.toasts);

    this.addAction('check', () => void this.model.refresh());
    this.addAction('update', () => void this.model.updateSelected());
    model.subscribe((state) => this.render(state));
    this.render(model.state);
  }

  private addAction(name: string, activate: () => void): void {
    const action = new Gio.SimpleAction({ name });
    action.on('activate', activate);
    this.widget.addAction(action);
  }

  /** Show `state`: the one place widgets change. */
  private render(state: ModelState): void {
    const busy = state.page === 'running' || state.page === 'checking';
    this.spinner.setSpinning(busy);
    this.checkButton.setSensitive(!busy);
    this.updateButton.setSensitive(!busy && state.chroots.some((row) => row.selected));
    this.total.setLabel(state.page === 'up-to-date' ? _('Every chroot is up to date.') : `${_('Still to download for the ticked chroots:')} ${state.totalDownload}`);

    for (const row of state.chroots) {
      let widget = this.rows.get(row.name);
      if (!widget) {
        widget = new ChrootRow(row.name, (name) => this.model.toggle(name));
        this.rows.set(row.name, widget);
        this.group.add(widget.widget);
      }
      widget.render(row);

      // A banner stays while the engine works (greyed out), so a question it asks is not lost.
      const banner = this.bannerRows.get(row.name);
      if (row.upgradeTo) {
        const shown = banner ?? new ReleaseBanner(row.name, (name, snapshot) => void this.model.releaseUpgrade(name, { snapshot }));
        if (!banner) {
          this.bannerRows.set(row.name, shown);
          this.banners.append(shown.widget);
        }
        shown.render(row.name, row.upgradeTo);
        shown.widget.setSensitive(!busy);
      } else if (banner) {
        this.banners.remove(banner.widget);
        this.bannerRows.delete(row.name);
      }
    }

    // A chroot that is gone leaves the list.
    for (const [name, row] of this.rows) {
      if (state.chroots.some((entry) => entry.name === name)) continue;
      this.group.remove(row.widget);
      this.rows.delete(name);
      const banner = this.bannerRows.get(name);
      if (banner) this.banners.remove(banner.widget);
      this.bannerRows.delete(name);
    }

    const text = state.details.join('\n');
    if (this.details.text !== text) this.details.setText(text, -1);
    // A toast's title is Pango markup in libadwaita 1.2 and cannot be switched to text: escape it.
    if (state.error && state.error !== this.lastError) this.toasts.addToast(new Adw.Toast({ title: GLib.markupEscapeText(state.error, -1), timeout: 0 }));
    this.lastError = state.error;
  }
}
