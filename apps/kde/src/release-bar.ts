// "trixie is available for lab and classroom" with "Upgrade Now", one bar per release. "Upgrade
// Now" asks in the bar itself (the snapshot option, "Upgrade", "Cancel"): no modal dialog to block the window.
import type { ReleaseOffer } from '@ltsp-update/engine/view-model';
import { _ } from './i18n.js';
import { MessageBar } from './message-bar.js';
import { CheckState, QCheckBox } from './qt.js';

export class ReleaseBar {
  readonly bar = new MessageBar('information');
  private readonly snapshot = new QCheckBox();
  private asking = false;
  private offer: ReleaseOffer | undefined;
  private shownKey = '';

  constructor(private readonly onUpgrade: (release: string, snapshot: boolean) => void) {
    this.snapshot.setText(_('Keep a copy to roll back to if the upgrade fails'));
    this.snapshot.setCheckState(CheckState.Checked);
    this.showOffer();
  }

  /** Show `offer` (as an offer, or as the question when it is being asked). */
  render(offer: ReleaseOffer): void {
    const key = JSON.stringify(offer);
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.offer = offer;
    if (this.asking) this.ask();
    else this.showOffer();
  }

  setEnabled(enabled: boolean): void {
    this.bar.widget.setEnabled(enabled);
  }

  private showOffer(): void {
    this.asking = false;
    this.bar.setText(this.offer?.offer ?? '');
    this.bar.setActions([MessageBar.button(_('Upgrade Now'), () => this.ask())]);
  }

  private ask(): void {
    this.asking = true;
    this.bar.setText(`${this.offer?.question ?? ''} ${this.offer?.explanation ?? ''}`);
    this.bar.setActions([
      this.snapshot,
      MessageBar.button(_('Cancel'), () => this.showOffer()),
      MessageBar.button(_('Upgrade'), () => {
        const snapshot = this.snapshot.checkState() === CheckState.Checked;
        const release = this.offer?.release;
        this.showOffer();
        if (release) this.onUpgrade(release, snapshot);
      }),
    ]);
  }
}
