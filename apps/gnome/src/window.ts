// The update window: every chroot in one list, "Check Again", "Cancel" and "Update now" in the
// header bar, a banner per release on offer, a page of its own when there is no list to show.
// Widgets only render the model's state and call its commands; the model (shared with the KDE
// window) makes every decision.
import type { ModelError, ModelState, UpdatesModel } from '@ltsp-update/engine/view-model';
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
  private readonly cancelButton: InstanceType<typeof Gtk.Button>;
  private readonly checkButton: InstanceType<typeof Gtk.Button>;
  private readonly stack: InstanceType<typeof Gtk.Stack>;
  private readonly statusPage: InstanceType<typeof Adw.StatusPage>;
  private readonly group: InstanceType<typeof Adw.PreferencesGroup>;
  /** The server's own group, above the chroots', shown once the server is one of the targets. */
  private readonly serverGroup: InstanceType<typeof Adw.PreferencesGroup>;
  private readonly banners: InstanceType<typeof Gtk.Box>;
  private readonly total: InstanceType<typeof Gtk.Label>;
  private readonly details: InstanceType<typeof Gtk.TextBuffer>;
  private readonly rows = new Map<string, { row: ChrootRow; group: InstanceType<typeof Adw.PreferencesGroup> }>();
  private readonly bannerRows = new Map<string, ReleaseBanner>();
  private shownError: ModelError | null = null;
  private toast: InstanceType<typeof Adw.Toast> | undefined;

  constructor(application: InstanceType<typeof Adw.Application>, model: UpdatesModel) {
    this.model = model;
    this.widget = new Adw.ApplicationWindow({ application, title: _('LTSP Updates'), defaultWidth: 760, defaultHeight: 640 });

    this.checkButton = new Gtk.Button({ label: _('Check Again'), actionName: 'win.check' });
    this.spinner = new Gtk.Spinner();
    this.updateButton = new Gtk.Button({ label: _('Update now'), actionName: 'win.update', cssClasses: ['suggested-action'] });
    this.cancelButton = new Gtk.Button({ label: _('Cancel'), actionName: 'win.cancel', visible: false });
    const header = new Adw.HeaderBar();
    header.packStart(this.checkButton);
    header.packStart(this.spinner);
    header.packEnd(this.updateButton);
    header.packEnd(this.cancelButton);

    this.banners = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6 });
    this.serverGroup = new Adw.PreferencesGroup({ title: _('Server'), visible: false });
    this.group = new Adw.PreferencesGroup({ title: _('Client chroots') });
    this.total = new Gtk.Label({ xalign: 0, cssClasses: ['dim-label'] });
    this.details = new Gtk.TextBuffer();
    const expander = new Gtk.Expander({ label: _('Details') });
    expander.setChild(new Gtk.ScrolledWindow({ minContentHeight: 160, child: new Gtk.TextView({ buffer: this.details, editable: false, monospace: true }) }));

    const column = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 18, marginTop: 18, marginBottom: 18, marginStart: 12, marginEnd: 12 });
    for (const child of [this.banners, this.serverGroup, this.group, this.total, expander]) column.append(child);
    this.statusPage = new Adw.StatusPage({ iconName: 'system-software-update-symbolic', vexpand: true });
    this.stack = new Gtk.Stack({ vexpand: true });
    this.stack.addNamed(new Gtk.ScrolledWindow({ vexpand: true, child: new Adw.Clamp({ maximumSize: 800, child: column }) }), 'list');
    this.stack.addNamed(this.statusPage, 'status');
    const page = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    page.append(header);
    page.append(this.stack);
    this.toasts = new Adw.ToastOverlay({ child: page });
    this.widget.setContent(this.toasts);

    this.addAction('check', () => void this.model.refresh());
    this.addAction('update', () => void this.model.updateSelected());
    this.addAction('cancel', () => this.model.cancel());
    this.addAction('error-details', () => this.showErrorDetails());
    model.subscribe((state) => this.render(state));
    this.render(model.state);
  }

  private addAction(name: string, activate: () => void): void {
    const action = new Gio.SimpleAction({ name });
    action.on('activate', activate);
    this.widget.addAction(action);
  }

  private setEnabled(name: string, enabled: boolean): void {
    (this.widget.lookupAction(name) as InstanceType<typeof Gio.SimpleAction>).setEnabled(enabled);
  }

  /** Show `state`: the one place widgets change. */
  private render(state: ModelState): void {
    this.spinner.setSpinning(state.busy);
    this.spinner.setTooltipText(state.busyLabel);
    this.setEnabled('check', state.can.checkAgain);
    this.setEnabled('update', state.can.updateSelected);
    this.setEnabled('cancel', state.can.cancel);
    this.cancelButton.setVisible(state.busy);
    this.total.setLabel(state.total);
    this.total.setVisible(state.total !== '');

    if (state.placeholder) {
      this.statusPage.setTitle(state.placeholder.title);
      // The description is Pango markup; an engine message is text.
      this.statusPage.setDescription(GLib.markupEscapeText(state.placeholder.description, -1));
      this.stack.setVisibleChildName('status');
    } else {
      this.stack.setVisibleChildName('list');
    }

    for (const row of state.chroots) {
      let shown = this.rows.get(row.name);
      if (!shown) {
        const on = {
          toggle: (name: string) => this.model.toggle(name),
          manage: (name: string) => void this.model.openPackageManager(name),
          rollBack: (name: string) => void this.model.rollBack(name),
        };
        shown = { row: new ChrootRow(row.name, on), group: row.kind === 'server' ? this.serverGroup : this.group };
        this.rows.set(row.name, shown);
        shown.group.add(shown.row.widget);
      }
      shown.row.render(row, state.can);
    }
    // A chroot that is gone leaves the list.
    for (const [name, shown] of this.rows) {
      if (state.chroots.some((entry) => entry.name === name)) continue;
      shown.group.remove(shown.row.widget);
      this.rows.delete(name);
    }
    this.serverGroup.setVisible(state.chroots.some((row) => row.kind === 'server'));

    // One banner per release on offer; it stays while the engine works (greyed out), so a question it asks is not lost.
    for (const offer of state.releaseOffers) {
      let banner = this.bannerRows.get(offer.release);
      if (!banner) {
        banner = new ReleaseBanner((release, snapshot) => void this.model.releaseUpgrade(release, { snapshot }));
        this.bannerRows.set(offer.release, banner);
        this.banners.append(banner.widget);
      }
      banner.render(offer);
      banner.widget.setSensitive(state.can.releaseUpgrade);
    }
    for (const [release, banner] of this.bannerRows) {
      if (state.releaseOffers.some((offer) => offer.release === release)) continue;
      this.banners.remove(banner.widget);
      this.bannerRows.delete(release);
    }

    const text = state.details.join('\n');
    if (this.details.text !== text) this.details.setText(text, -1);
    if (state.error && state.error.id !== this.shownError?.id) {
      // An overlay shows one toast at a time and queues the rest: a toast that stays until it is
      // dismissed would hold the next error back for good, so the older one goes.
      this.toast?.dismiss();
      // A toast's title is Pango markup in libadwaita 1.2 and cannot be switched to text: escape it.
      this.toast = new Adw.Toast({ title: GLib.markupEscapeText(state.error.summary, -1), timeout: 0, buttonLabel: _('Show Details'), actionName: 'win.error-details' });
      this.toasts.addToast(this.toast);
    }
    this.shownError = state.error ?? this.shownError;
  }

  /** The error's full text, which a toast cuts off, in a dialog of its own (plain text). */
  private showErrorDetails(): void {
    const error = this.shownError;
    if (!error) return;
    const dialog = new Adw.MessageDialog({ transientFor: this.widget, heading: error.summary, body: error.details === error.summary ? '' : error.details });
    dialog.addResponse('ok', _('OK'));
    dialog.present();
  }
}
