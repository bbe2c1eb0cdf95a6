// The session daemon: the status cache in, a tray icon and notifications out.
import dbus from 'dbus-next';
import { readStatusCache } from '@ltsp-update/engine/client';
import { notificationFor } from './decide/notify-policy.js';
import { notifierState } from './decide/notifier-state.js';
import { connectNotifications } from './dbus/notifications.js';
import { itemPath, registerWithWatcher, StatusNotifierItem } from './dbus/status-notifier-item.js';
import { showUpdates } from './launch/show-updates.js';
import { watchStatus } from './status/watch-status.js';

export interface DaemonOptions {
  stateDir: string;
  bus?: dbus.MessageBus;
  env?: NodeJS.ProcessEnv;
}

export interface Daemon {
  serviceName: string;
  /** True once a StatusNotifierWatcher took the item. */
  registered: boolean;
  stop(): void;
}

/** Start the notifier on the session bus. */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const env = options.env ?? process.env;
  const bus = options.bus ?? dbus.sessionBus();
  const serviceName = `org.kde.StatusNotifierItem-${process.pid}-1`;
  const open = () => showUpdates(env);
  let state = notifierState(readStatusCache(options.stateDir).chroots);
  const item = new StatusNotifierItem(state, open);
  await bus.requestName(serviceName, 0);
  bus.export(itemPath, item);
  const notifications = await connectNotifications(bus, open);
  const daemon: Daemon = { serviceName, registered: await registerWithWatcher(bus, serviceName), stop: () => undefined };

  // A watcher that starts after us (the panel restarting) gets the item too.
  const dbusObject = await bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus');
  dbusObject.getInterface('org.freedesktop.DBus').on('NameOwnerChanged', (name: string, _old: string, owner: string) => {
    if (name === 'org.kde.StatusNotifierWatcher' && owner) {
      void registerWithWatcher(bus, serviceName).then((registered) => {
        daemon.registered = registered;
      });
    }
  });

  let shown = new Set<string>();
  const refresh = async () => {
    state = notifierState(readStatusCache(options.stateDir).chroots);
    item.update(state);
    const notification = notificationFor(shown, state);
    shown = new Set(state.pendingKeys);
    if (notification) await notifications.notify(notification);
  };
  // Watch before the first read: a cache written between the two would otherwise go unseen until the next write.
  const watcher = watchStatus(options.stateDir, () => void refresh());
  await refresh();
  daemon.stop = () => {
    watcher.close();
    bus.disconnect();
  };
  return daemon;
}
