// When to send a desktop notification: when the pending set grows, once per new state.
import type { NotifierState } from './notifier-state.js';

export interface Notification {
  summary: string;
  body: string;
  urgent: boolean;
}

/**
 * The notification for moving from `shown` (the pending updates last notified about) to
 * `next`, or undefined when nothing new is pending. The same state again, or fewer
 * updates, never notifies.
 */
export function notificationFor(shown: ReadonlySet<string>, next: NotifierState): Notification | undefined {
  const fresh = next.pendingKeys.filter((key) => !shown.has(key));
  if (fresh.length === 0) return undefined;
  // From the statuses themselves: matching the tooltip's wording dropped "3 updates" and "2 updates; trixie is available".
  return { summary: next.title, body: next.pendingLines.join('\n'), urgent: next.status === 'NeedsAttention' };
}
