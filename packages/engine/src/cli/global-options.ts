// The options every command shares, turned into engine options.
import { normalizeOptions, type NormalizedOptions } from '../config/options.js';
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

export interface GlobalFlags {
  baseDir?: string[];
  tftpDir?: string;
  stateDir?: string;
  cacheDir?: string;
  allowEmulated?: boolean;
  json?: boolean;
}

/** Engine options from the command line; ltsp.conf and LTSP's defaults fill the rest. */
export function engineOptions(flags: GlobalFlags): Promise<NormalizedOptions> {
  return normalizeOptions({
    ...(flags.baseDir && flags.baseDir.length > 0 ? { baseDirs: flags.baseDir } : {}),
    ...(flags.tftpDir === undefined ? {} : { tftpDir: flags.tftpDir }),
    ...(flags.stateDir === undefined ? {} : { stateDir: flags.stateDir }),
    ...(flags.cacheDir === undefined ? {} : { cacheDir: flags.cacheDir }),
    allowEmulated: flags.allowEmulated ?? false,
    // LTSP_CONF points at another ltsp.conf (tests, or a server whose LTSP lives elsewhere).
    ...(process.env['LTSP_CONF'] ? { ltspConf: process.env['LTSP_CONF'] } : {}),
    // LTSP_UPDATE_RUN_DIR keeps this boot's facts elsewhere than /run/ltsp-update (tests).
    ...(process.env['LTSP_UPDATE_RUN_DIR'] ? { runDir: process.env['LTSP_UPDATE_RUN_DIR'] } : {}),
  });
}

/** Commands that change chroots need root: mounts, chroot(2) and the dpkg lock all do. */
export function requireRoot(command: string): void {
  if (process.getuid?.() !== 0) {
    throw new EngineError('not-root', _f('ltsp-chroot {command} must run as root: try "sudo ltsp-chroot {command} …"', { command }));
  }
}
