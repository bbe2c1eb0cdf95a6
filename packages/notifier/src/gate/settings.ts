// The notifier's settings in /etc/default/ltsp-update (a shell-style file shared with the refresh job).
import { readFileSync } from 'node:fs';
import { parseShellSettings } from '@ltsp-update/engine/client';

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
  const groups = parseShellSettings(text)['LTSP_UPDATE_ADMIN_GROUPS'] ?? '';
  return { adminGroups: groups.split(/[\s,]+/).filter(Boolean) };
}
