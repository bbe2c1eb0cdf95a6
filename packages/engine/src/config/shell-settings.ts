// Shell-style KEY=VALUE settings, as in /etc/default/ltsp-update and the sections of ltsp.conf:
// one reader, so the engine and the notifier strip quotes the way the shell (and LTSP) would.
import { parse } from 'ini';

/** The string settings of `text` (of its `[section]` when one is named); the last assignment wins. */
export function parseShellSettings(text: string, section?: string): Record<string, string> {
  const parsed = parse(text) as Record<string, unknown>;
  const values = (section === undefined ? parsed : parsed[section]) ?? {};
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    // ini strips one level of quotes itself; the shell would strip a second, inner one as well.
    if (typeof value === 'string') settings[key] = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return settings;
}
