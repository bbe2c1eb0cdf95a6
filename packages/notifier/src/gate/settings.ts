// The notifier's settings in /etc/default/ltsp-update (a shell-style file shared with the refresh job).
import { readFileSync } from 'node:fs';

export const defaultsFile = '/etc/default/ltsp-update';

export interface NotifierSettings {
  /** Groups whose members get the notifier, beside sudo's (and root). */
  adminGroups: string[];
}

/** The settings in `file`; a missing file or setting means the defaults. */
export function readNotifierSettings(file = defaultsFile): NotifierSettings {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { adminGroups: [] };
  }
  let groups = '';
  for (const line of text.split('\n')) {
    const match = /^\s*LTSP_UPDATE_ADMIN_GROUPS=(.*)$/.exec(line);
    // Shell assignment: the last one wins; one level of quotes as the shell would strip them.
    if (match) groups = (match[1] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return { adminGroups: groups.split(/[\s,]+/).filter(Boolean) };
}
