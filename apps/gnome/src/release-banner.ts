// "trixie is available for busy and classroom" with "Upgrade…", which asks in place before
// anything happens. libadwaita 1.2 (Debian 12) has no Adw.Banner yet, so this is a Gtk.InfoBar;
// the question stays inside the window (not a dialog) so keyboard, screen readers and AT-SPI reach it.
import type { ReleaseOffer } from '@ltsp-update/engine/view-model';
import { Gtk } from './gi.js';
import { _ } from './i18n.js';

export class ReleaseBanner {
  readonly widget: InstanceType<typeof Gtk.InfoBar>;
  private readonly label: InstanceType<typeof Gtk.Label>;
  private readonly explanation: InstanceType<typeof Gtk.Label>;
  private readonly ask: InstanceType<typeof Gtk.Button>;
  private readonly confirm: InstanceType<typeof Gtk.Box>;
  private readonly snapshot: InstanceType<typeof Gtk.CheckButton>;
  private offer: ReleaseOffer | undefined;
  private isAsking = false;

  constructor(onUpgrade: (release: string, snapshot: boolean) => void) {
    this.widget = new Gtk.InfoBar({ messageType: Gtk.MessageType.INFO, revealed: true });
    const column = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6, hexpand: true });
    this.label = new Gtk.Label({ wrap: true, xalign: 0 });
    this.explanation = new Gtk.Label({ wrap: true, xalign: 0 });
    this.snapshot = new Gtk.CheckButton({ label: _('Keep a copy to roll back to if the upgrade fails'), active: true });
    const cancel = new Gtk.Button({ label: _('Cancel') });
    const upgrade = new Gtk.Button({ label: _('Upgrade'), cssClasses: ['suggested-action'] });
    const buttons = new Gtk.Box({ spacing: 6, halign: Gtk.Align.END });
    buttons.append(cancel);
    buttons.append(upgrade);
    this.confirm = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6, visible: false });
    this.confirm.append(this.explanation);
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
      if (this.offer) onUpgrade(this.offer.release, this.snapshot.getActive());
    });
  }

  render(offer: ReleaseOffer): void {
    this.offer = offer;
    this.show();
  }

  private asking(on: boolean): void {
    this.isAsking = on;
    this.show();
  }

  private show(): void {
    this.confirm.setVisible(this.isAsking);
    this.ask.setVisible(!this.isAsking);
    this.label.setLabel((this.isAsking ? this.offer?.question : this.offer?.offer) ?? '');
    this.explanation.setLabel(this.offer?.explanation ?? '');
  }
}
