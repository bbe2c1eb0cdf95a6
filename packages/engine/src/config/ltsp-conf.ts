// Reads the [server] settings of LTSP's own configuration file, /etc/ltsp/ltsp.conf.
// @LTSP.CONF: BASE_DIR TFTP_DIR KEEP_IMAGES
import { readFileSync } from 'node:fs';
import { parseShellSettings } from './shell-settings.js';

export interface LtspServerSettings {
  baseDir?: string;
  tftpDir?: string;
  /** How many image versions to keep (publish/retention.ts); not LTSP's own, read from its file all the same. */
  keepImages?: number;
}

/** The BASE_DIR and TFTP_DIR that ltsp.conf's [server] section sets, if any; a missing file sets nothing. */
export async function readLtspServerSettings(path: string): Promise<LtspServerSettings> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  return parseLtspServerSettings(text);
}

/** Parse ltsp.conf text; values may be quoted the shell way, as LTSP itself reads them. */
export function parseLtspServerSettings(text: string): LtspServerSettings {
  const server = parseShellSettings(text, 'server');
  const settings: LtspServerSettings = {};
  if (server['BASE_DIR']) settings.baseDir = server['BASE_DIR'];
  if (server['TFTP_DIR']) settings.tftpDir = server['TFTP_DIR'];
  const keep = server['KEEP_IMAGES'];
  if (keep !== undefined && /^\d+$/.test(keep) && Number(keep) >= 1) settings.keepImages = Number(keep);
  return settings;
}
