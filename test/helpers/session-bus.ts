// A private D-Bus session bus for a test, with the desktop's side played by the test itself:
// a StatusNotifierWatcher that records registrations and a notification server that records
// what it is sent and can invoke actions.
import dbus from 'dbus-next';
import { execa, type ResultPromise } from 'execa';

const { Interface } = dbus.interface;

export interface SentNotification {
  id: number;
  summary: string;
  body: string;
  actions: string[];
}

class Watcher extends Interface {
  readonly items: string[] = [];
  RegisterStatusNotifierItem(service: string): void {
    this.items.push(service);
  }
  RegisterStatusNotifierHost(_service: string): void { /* hosts are not tracked */ }
  get RegisteredStatusNotifierItems(): string[] { return this.items; }
  get IsStatusNotifierHostRegistered(): boolean { return true; }
  get ProtocolVersion(): number { return 0; }
}
Watcher.configureMembers({
  methods: {
    RegisterStatusNotifierItem: { inSignature: 's', outSignature: '' },
    RegisterStatusNotifierHost: { inSignature: 's', outSignature: '' },
  },
  properties: {
    RegisteredStatusNotifierItems: { signature: 'as', access: dbus.interface.ACCESS_READ },
    IsStatusNotifierHostRegistered: { signature: 'b', access: dbus.interface.ACCESS_READ },
    ProtocolVersion: { signature: 'i', access: dbus.interface.ACCESS_READ },
  },
});

class NotificationServer extends Interface {
  readonly sent: SentNotification[] = [];
  private next = 1;
  Notify(_app: string, _replaces: number, _icon: string, summary: string, body: string, actions: string[], _hints: unknown, _timeout: number): number {
    const id = this.next++;
    this.sent.push({ id, summary, body, actions });
    return id;
  }
  GetCapabilities(): string[] { return ['actions', 'body']; }
  GetServerInformation(): [string, string, string, string] { return ['test', 'ltsp-update', '1', '1.2']; }
  CloseNotification(_id: number): void { /* nothing shown */ }
  ActionInvoked(id: number, action: string): [number, string] { return [id, action]; }
  NotificationClosed(id: number, reason: number): [number, number] { return [id, reason]; }
}
NotificationServer.configureMembers({
  methods: {
    Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
    GetCapabilities: { inSignature: '', outSignature: 'as' },
    GetServerInformation: { inSignature: '', outSignature: 'ssss' },
    CloseNotification: { inSignature: 'u', outSignature: '' },
  },
  signals: {
    ActionInvoked: { signature: 'us' },
    NotificationClosed: { signature: 'uu' },
  },
});

export interface TestBus {
  address: string;
  bus: dbus.MessageBus;
  watcher: Watcher;
  notifications: NotificationServer;
  stop(): Promise<void>;
}

/** Start dbus-daemon --session and own the watcher and notification names on it. */
export async function startTestBus(options: { watcher?: boolean } = {}): Promise<TestBus> {
  const daemon: ResultPromise = execa('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address'], { reject: false });
  const address = await new Promise<string>((resolve, reject) => {
    daemon.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    daemon.once('error', reject);
  });
  const bus = dbus.sessionBus({ busAddress: address });
  const watcher = new Watcher('org.kde.StatusNotifierWatcher');
  const notifications = new NotificationServer('org.freedesktop.Notifications');
  if (options.watcher ?? true) {
    await bus.requestName('org.kde.StatusNotifierWatcher', 0);
    bus.export('/StatusNotifierWatcher', watcher);
  }
  await bus.requestName('org.freedesktop.Notifications', 0);
  bus.export('/org/freedesktop/Notifications', notifications);
  return {
    address, bus, watcher, notifications,
    async stop() {
      bus.disconnect();
      daemon.kill();
      await daemon;
    },
  };
}

/** Read a property of the notifier's item over the bus. */
export async function itemProperty(bus: dbus.MessageBus, service: string, name: string): Promise<unknown> {
  const object = await bus.getProxyObject(service, '/StatusNotifierItem');
  const properties = object.getInterface('org.freedesktop.DBus.Properties');
  const variant = (await (properties['Get'] as (iface: string, prop: string) => Promise<{ value: unknown }>)('org.kde.StatusNotifierItem', name));
  return variant.value;
}
