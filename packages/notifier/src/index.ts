export { startDaemon } from './daemon.js';
export type { Daemon, DaemonOptions } from './daemon.js';
export { chrootLine, icons, notifierState } from './decide/notifier-state.js';
export type { ItemStatus, NotifierState } from './decide/notifier-state.js';
export { notificationFor } from './decide/notify-policy.js';
export type { Notification } from './decide/notify-policy.js';
export { windowCommand } from './launch/show-updates.js';
