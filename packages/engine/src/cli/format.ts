// Short human forms of ages and sizes for the text output.
import { _f, _n } from '../text/i18n.js';

/** "45 s", "12 min", "3 h", "5 days". */
export function formatAge(seconds: number): string {
  if (seconds < 90) return _f('{seconds} s', { seconds });
  if (seconds < 90 * 60) return _f('{minutes} min', { minutes: Math.round(seconds / 60) });
  if (seconds < 36 * 3600) return _f('{hours} h', { hours: Math.round(seconds / 3600) });
  return _n('{count} day', '{count} days', Math.round(seconds / 86400));
}

export { formatSize } from '../text/size.js';

/** "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
