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
  const body = next.lines.filter((line) => / updates? /.test(line) && !/: up to date/.test(line)).join('\n');
  return { summary: next.title, body, urgent: next.status === 'NeedsAttention' };
}
