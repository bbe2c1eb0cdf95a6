// Reads the [server] settings of LTSP's own configuration file, /etc/ltsp/ltsp.conf.
// @LTSP.CONF: BASE_DIR TFTP_DIR KEEP_IMAGES
import { readFileSync } from 'node:fs';
import { parse } from 'ini';

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
  const server = (parse(text)['server'] ?? {}) as Record<string, unknown>;
  const settings: LtspServerSettings = {};
  const baseDir = stringSetting(server['BASE_DIR']);
  const tftpDir = stringSetting(server['TFTP_DIR']);
  if (baseDir) settings.baseDir = baseDir;
  if (tftpDir) settings.tftpDir = tftpDir;
  const keep = stringSetting(server['KEEP_IMAGES']);
  if (keep !== undefined && /^\d+$/.test(keep) && Number(keep) >= 1) settings.keepImages = Number(keep);
  return settings;
}

function stringSetting(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.trim().replace(/^(["'])(.*)\1$/, '$2') || undefined;
}
