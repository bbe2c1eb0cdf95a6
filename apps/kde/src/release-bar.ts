// "trixie is available for lab" with "Upgrade Now", one bar per chroot. "Upgrade Now" asks in
// the bar itself (the snapshot option, "Upgrade", "Cancel"): no modal dialog to block the window.
import { _ } from './i18n.js';
import { MessageBar } from './message-bar.js';
import { CheckState, QCheckBox } from './qt.js';
import { fill } from '@ltsp-update/engine/view-model';

export class ReleaseBar {
  readonly bar = new MessageBar('information');
  private readonly snapshot = new QCheckBox();
  private asking = false;
  private name = '';
  private release = '';

  constructor(private readonly onUpgrade: (name: string, snapshot: boolean) => void) {
    this.snapshot.setText(_('Keep a copy to roll back to if the upgrade fails'));
    this.snapshot.setCheckState(CheckState.Checked);
    this.offer();
  }

  /** Show the offer for `name`'s next release `release`. */
  render(name: string, release: string): void {
    if (name === this.name && release === this.release) return;
    this.name = name;
    this.release = release;
    if (this.asking) this.ask();
    else this.offer();
  }

  setEnabled(enabled: boolean): void {
    this.bar.widget.setEnabled(enabled);
  }

  private offer(): void {
    this.asking = false;
    this.bar.setText(fill(_('{release} is available for {chroot}'), { release: this.release, chroot: this.name }));
    this.bar.setActions([MessageBar.button(_('Upgrade Now'), () => this.ask())]);
  }

  private ask(): void {
    this.asking = true;
    this.bar.setText(fill(_('Upgrade {chroot} to {release}? Its packages move to the new release; the clients get it with the next image.'), { chroot: this.name, release: this.release }));
    this.bar.setActions([
      this.snapshot,
      MessageBar.button(_('Cancel'), () => this.offer()),
      MessageBar.button(_('Upgrade'), () => {
        const snapshot = this.snapshot.checkState() === CheckState.Checked;
        this.offer();
        this.onUpgrade(this.name, snapshot);
      }),
    ]);
  }
}
