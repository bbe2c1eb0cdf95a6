// Desktop notifications through org.freedesktop.Notifications, with a "Show updates" action.
import dbus from 'dbus-next';
import { icons } from '../decide/notifier-state.js';
import type { Notification } from '../decide/notify-policy.js';
import { _ } from '@ltsp-update/engine/i18n';

const { Variant } = dbus;

export interface Notifier {
  /** Send `notification`; resolves to its id, or undefined when no notification server answers. */
  notify(notification: Notification): Promise<number | undefined>;
}

/** A notifier on `bus` that calls `onShowUpdates` when the "Show updates" action is invoked. */
export async function connectNotifications(bus: dbus.MessageBus, onShowUpdates: () => void): Promise<Notifier> {
  const sent = new Set<number>();
  let server: dbus.ClientInterface | undefined;
  const connect = async () => {
    if (server) return server;
    const object = await bus.getProxyObject('org.freedesktop.Notifications', '/org/freedesktop/Notifications');
    server = object.getInterface('org.freedesktop.Notifications');
    server.on('ActionInvoked', (id: number, action: string) => {
      // The signal can arrive in the same read as Notify's reply, before the await that
      // records the id has resumed: look once that has run.
      setImmediate(() => {
        if (sent.has(id) && (action === 'show-updates' || action === 'default')) onShowUpdates();
      });
    });
    server.on('NotificationClosed', (id: number) => sent.delete(id));
    return server;
  };
  // Subscribe to ActionInvoked now: a signal sent before the match rule is in place is lost.
  try {
    await connect();
  } catch {
    // No notification server yet: connect again when there is something to say.
  }
  return {
    async notify(notification) {
      try {
        const target = await connect();
        const id = (await (target['Notify'] as (...args: unknown[]) => Promise<unknown>)(
          _('LTSP Update Manager'), 0, notification.urgent ? icons.security : icons.updates,
          notification.summary, notification.body,
          ['show-updates', _('Show updates'), 'default', _('Show updates'), 'dismiss', _('Dismiss')],
          { urgency: new Variant('y', notification.urgent ? 2 : 1), 'desktop-entry': new Variant('s', 'ltsp-update-notifier') },
          -1,
        )) as number;
        sent.add(id);
        return id;
      } catch {
        server = undefined;
        return undefined;
      }
    },
  };
}
