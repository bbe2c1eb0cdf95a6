// "trixie is available for <chroot>" with "Upgrade…", which asks in place before anything
// happens. libadwaita 1.2 (Debian 12) has no Adw.Banner yet, so this is a Gtk.InfoBar; the
// question stays inside the window (not a dialog) so keyboard, screen readers and AT-SPI reach it.
import { Gtk } from './gi.js';
import { _ } from './i18n.js';

export class ReleaseBanner {
  readonly widget: InstanceType<typeof Gtk.InfoBar>;
  private readonly label: InstanceType<typeof Gtk.Label>;
  private readonly ask: InstanceType<typeof Gtk.Button>;
  private readonly confirm: InstanceType<typeof Gtk.Box>;
  private readonly snapshot: InstanceType<typeof Gtk.CheckButton>;
  private release = '';
  private chroot: string;
  private isAsking = false;

  constructor(chroot: string, onUpgrade: (chroot: string, snapshot: boolean) => void) {
    this.chroot = chroot;
    this.widget = new Gtk.InfoBar({ messageType: Gtk.MessageType.INFO, revealed: true });
    const column = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6, hexpand: true });
    this.label = new Gtk.Label({ wrap: true, xalign: 0 });
    this.snapshot = new Gtk.CheckButton({ label: _('Keep a copy to roll back to if the upgrade fails'), active: true });
    const cancel = new Gtk.Button({ label: _('Cancel') });
    const upgrade = new Gtk.Button({ label: _('Upgrade'), cssClasses: ['suggested-action'] });
    const buttons = new Gtk.Box({ spacing: 6, halign: Gtk.Align.END });
    buttons.append(cancel);
    buttons.append(upgrade);
    this.confirm = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6, visible: false });
    this.confirm.append(new Gtk.Label({
      wrap: true, xalign: 0,
      label: _('The chroot moves to the new release; third-party sources are disabled. Its clients boot it after the image is rebuilt.'),
    }));
    this.confirm.append(this.snapshot);
    this.confirm.append(buttons);
    column.append(this.label);
    column.append(this.confirm);
    this.widget.addChild(column);
    this.ask = new Gtk.Button({ label: _('Upgrade…'), valign: Gtk.Align.CENTER });
    this.widget.addChild(this.ask);

    this.ask.on('clicked', () => this.asking(true));
    cancel.on('clicked', () => this.asking(false));
    upgrade.on('clicked', () => {
      this.asking(false);
      onUpgrade(this.chroot, this.snapshot.getActive());
    });
  }

  render(chroot: string, release: string): void {
    this.chroot = chroot;
    this.release = release;
    this.show();
  }

  private asking(on: boolean): void {
    this.isAsking = on;
    this.show();
  }

  private show(): void {
    this.confirm.setVisible(this.isAsking);
    this.ask.setVisible(!this.isAsking);
    this.label.setLabel(this.isAsking
      ? _('Upgrade %s to %s?').replace('%s', this.chroot).replace('%s', this.release)
      : _('%s is available for %s').replace('%s', this.release).replace('%s', this.chroot));
  }
}
