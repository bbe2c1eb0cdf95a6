// The tray icon over D-Bus: an org.kde.StatusNotifierItem (KDE Plasma natively; GNOME with the
// AppIndicator extension), registered with the desktop's StatusNotifierWatcher when there is one.
import dbus from 'dbus-next';
import type { NotifierState } from '../decide/notifier-state.js';
import { iconPixmaps, type Pixmap } from './icon-pixmap.js';

const { Interface, ACCESS_READ } = dbus.interface;

export const itemPath = '/StatusNotifierItem';

/** The exported object; `update` changes what it shows and emits the change signals. */
export class StatusNotifierItem extends Interface {
  private state: NotifierState;
  private readonly onActivate: () => void;

  constructor(state: NotifierState, onActivate: () => void) {
    super('org.kde.StatusNotifierItem');
    this.state = state;
    this.onActivate = onActivate;
  }

  get Category(): string { return 'SystemServices'; }
  get Id(): string { return 'ltsp-update-notifier'; }
  get Title(): string { return this.state.title; }
  get Status(): string { return this.state.status; }
  get IconName(): string { return this.state.iconName; }
  get AttentionIconName(): string { return this.state.iconName; }
  // Hosts take the pixmap when the theme has no such name (a theme other than Adwaita or Breeze).
  get IconPixmap(): Pixmap[] { return iconPixmaps(this.state.iconName); }
  get AttentionIconPixmap(): Pixmap[] { return iconPixmaps(this.state.iconName); }
  get ItemIsMenu(): boolean { return false; }
  get ToolTip(): [string, [], string, string] { return [this.state.iconName, [], this.state.title, this.state.lines.join('\n')]; }

  Activate(_x: number, _y: number): void { this.onActivate(); }
  SecondaryActivate(_x: number, _y: number): void { this.onActivate(); }
  ContextMenu(_x: number, _y: number): void { this.onActivate(); }
  Scroll(_delta: number, _orientation: string): void { /* nothing to scroll */ }

  NewTitle(): void { /* signal */ }
  NewIcon(): void { /* signal */ }
  NewAttentionIcon(): void { /* signal */ }
  NewToolTip(): void { /* signal */ }
  NewStatus(status: string): string { return status; }

  /** Show `next`, emitting a signal for each thing that changed. */
  update(next: NotifierState): void {
    const before = this.state;
    this.state = next;
    if (before.title !== next.title) this.NewTitle();
    if (before.iconName !== next.iconName) {
      this.NewIcon();
      this.NewAttentionIcon();
    }
    if (before.title !== next.title || before.lines.join('\n') !== next.lines.join('\n') || before.iconName !== next.iconName) this.NewToolTip();
    if (before.status !== next.status) this.NewStatus(next.status);
  }
}

StatusNotifierItem.configureMembers({
  properties: {
    Category: { signature: 's', access: ACCESS_READ },
    Id: { signature: 's', access: ACCESS_READ },
    Title: { signature: 's', access: ACCESS_READ },
    Status: { signature: 's', access: ACCESS_READ },
    IconName: { signature: 's', access: ACCESS_READ },
    AttentionIconName: { signature: 's', access: ACCESS_READ },
    IconPixmap: { signature: 'a(iiay)', access: ACCESS_READ },
    AttentionIconPixmap: { signature: 'a(iiay)', access: ACCESS_READ },
    ItemIsMenu: { signature: 'b', access: ACCESS_READ },
    ToolTip: { signature: '(sa(iiay)ss)', access: ACCESS_READ },
  },
  methods: {
    Activate: { inSignature: 'ii', outSignature: '' },
    SecondaryActivate: { inSignature: 'ii', outSignature: '' },
    ContextMenu: { inSignature: 'ii', outSignature: '' },
    Scroll: { inSignature: 'is', outSignature: '' },
  },
  signals: {
    NewTitle: { signature: '' },
    NewIcon: { signature: '' },
    NewAttentionIcon: { signature: '' },
    NewToolTip: { signature: '' },
    NewStatus: { signature: 's' },
  },
});

/** Tell the desktop's StatusNotifierWatcher about the item; false when there is no watcher (no tray). */
export async function registerWithWatcher(bus: dbus.MessageBus, serviceName: string): Promise<boolean> {
  try {
    const watcher = await bus.getProxyObject('org.kde.StatusNotifierWatcher', '/StatusNotifierWatcher');
    const api = watcher.getInterface('org.kde.StatusNotifierWatcher');
    await (api['RegisterStatusNotifierItem'] as (name: string) => Promise<void>)(serviceName);
    return true;
  } catch {
    return false;
  }
}
