// One chroot in the list: an expander row with a tick box, its summary, "Roll back" where an
// older image is kept and, expanded, the image its clients boot and its updates.
import type { ChrootRow as Row, ModelActions, PackageRow } from '@ltsp-update/engine/view-model';
import { Adw, Gtk } from './gi.js';
import { _ } from './i18n.js';

export class ChrootRow {
  readonly widget: InstanceType<typeof Adw.ExpanderRow>;
  private readonly check: InstanceType<typeof Gtk.CheckButton>;
  private readonly progress: InstanceType<typeof Gtk.ProgressBar>;
  /** "Open in Synaptic…": the chroot's own package manager, shown where it has one. */
  private readonly manage: InstanceType<typeof Gtk.Button>;
  /** "Image of 3 Dec 2026, 11:45", where its images are kept as versions: the first row inside. */
  private readonly image: InstanceType<typeof Adw.ActionRow>;
  /** "Roll back to the image of 2 Dec 2026, 09:10", shown while an older image is kept. */
  private readonly rollBack: InstanceType<typeof Gtk.Button>;
  private packageRows: InstanceType<typeof Adw.ActionRow>[] = [];
  private packagesKey = '';
  private latest: Row | undefined;
  /** Set while render() changes the tick box, whose signal is then not a person's click. */
  private rendering = false;

  /** `key`: the row's key in the model (not shown: render() gives the title); `on`: the model's commands for the row. */
  constructor(key: string, on: { toggle: (key: string) => void; manage: (key: string) => void; rollBack: (key: string) => void }) {
    // Rows take Pango markup by default; a chroot's name, release and versions are text.
    this.widget = new Adw.ExpanderRow({ title: '', useMarkup: false });
    this.check = new Gtk.CheckButton({ valign: Gtk.Align.CENTER, tooltipText: _('Include in “Update now”') });
    this.check.on('toggled', () => {
      if (!this.rendering) on.toggle(key);
    });
    this.widget.addPrefix(this.check);
    this.progress = new Gtk.ProgressBar({ valign: Gtk.Align.CENTER, widthRequest: 120, visible: false });
    this.widget.addAction(this.progress);
    this.rollBack = new Gtk.Button({ valign: Gtk.Align.CENTER, visible: false, cssClasses: ['flat'] });
    this.rollBack.on('clicked', () => on.rollBack(key));
    this.widget.addAction(this.rollBack);
    this.manage = new Gtk.Button({ valign: Gtk.Align.CENTER, visible: false, cssClasses: ['flat'] });
    this.manage.on('clicked', () => on.manage(key));
    this.widget.addAction(this.manage);
    this.image = new Adw.ActionRow({ title: '', useMarkup: false, activatable: false, visible: false });
    this.widget.addRow(this.image);
    this.widget.on('notify::expanded', () => {
      if (this.widget.getExpanded() && this.latest) this.showPackages(this.latest);
    });
  }

  /** Show `row`; only what changed is touched, so an expanded row stays expanded. */
  render(row: Row, can: ModelActions): void {
    // The server's row reads "This server"; its key stays the model's.
    if (this.widget.getTitle() !== row.title) this.widget.setTitle(row.title);
    this.widget.setSubtitle(row.subtitle);
    this.widget.setTooltipText(row.tooltip);
    if (this.check.getActive() !== row.selected) {
      this.rendering = true;
      this.check.setActive(row.selected);
      this.rendering = false;
    }
    this.check.setSensitive(row.canUpdate);
    this.check.setVisible(row.checkable);
    if (row.urgent) this.widget.addCssClass('error');
    else this.widget.removeCssClass('error');
    this.manage.setVisible(row.openPackageManager !== null);
    if (row.openPackageManager !== null && this.manage.getLabel() !== row.openPackageManager) this.manage.setLabel(row.openPackageManager);
    this.manage.setSensitive(can.openPackageManager);
    this.image.setVisible(row.image !== null);
    if (row.image !== null && this.image.getTitle() !== row.image) this.image.setTitle(row.image);
    this.rollBack.setVisible(row.rollBack !== null);
    if (row.rollBack !== null && this.rollBack.getLabel() !== row.rollBack) this.rollBack.setLabel(row.rollBack);
    this.rollBack.setSensitive(can.rollBack);
    this.progress.setVisible(row.phase !== null);
    if (row.phase !== null) {
      if (row.progress === null) this.progress.pulse();
      else this.progress.setFraction(row.progress / 100);
    }
    // The package rows are built when the row is first opened: a school's chroots can list
    // hundreds of updates, and a closed expander shows none of them.
    this.latest = row;
    this.widget.setEnableExpansion(row.securityUpdates.length + row.otherUpdates.length > 0 || row.image !== null);
    if (this.widget.getExpanded()) this.showPackages(row);
  }

  private showPackages(row: Row): void {
    const key = JSON.stringify([row.securityUpdates, row.otherUpdates]);
    if (key === this.packagesKey) return;
    this.packagesKey = key;
    for (const old of this.packageRows) this.widget.remove(old);
    this.packageRows = [
      ...this.section(_('Security updates'), row.securityUpdates),
      ...this.section(_('Other updates'), row.otherUpdates),
    ];
    for (const child of this.packageRows) this.widget.addRow(child);
  }

  private section(title: string, packages: PackageRow[]): InstanceType<typeof Adw.ActionRow>[] {
    if (packages.length === 0) return [];
    const header = new Adw.ActionRow({ title, activatable: false, cssClasses: ['heading'] });
    return [header, ...packages.map((entry) => new Adw.ActionRow({ title: entry.name, subtitle: `${entry.version} · ${entry.size}`, activatable: false, useMarkup: false }))];
  }
}
