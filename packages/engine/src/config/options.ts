// One place that turns what a caller gave into complete engine options, with defaults.
import { readLtspServerSettings } from './ltsp-conf.js';

export interface EngineOptions {
  /** Base dirs to look for chroots in; empty means "ask ltsp.conf, then the defaults". */
  baseDirs: string[];
  tftpDir: string | undefined;
  stateDir: string;
  /** Where the shared per-release package caches live on the host. */
  cacheDir: string;
  allowEmulated: boolean;
  ltspConf: string;
  /** binfmt_misc's directory, read to learn which foreign architectures the host can emulate. */
  binfmtDir: string;
  /** Where what holds for this boot only is kept (the kernel's answer to the 32-bit test program). */
  runDir: string;
}

export interface NormalizedOptions extends EngineOptions {
  /** Each base dir with whether it is LTSP5's legacy /opt/ltsp. */
  bases: { dir: string; legacyDefault: boolean }[];
  tftpDir: string;
  /** Extra TFTP roots that LTSP5 used, searched for legacy chroots' kernels. */
  legacyTftpDirs: string[];
  /** Image versions to keep per chroot: KEEP_IMAGES of ltsp.conf's [server] section, else 3. */
  keepImages: number;
}

export const defaults = {
  modernBaseDir: '/srv/ltsp',
  legacyBaseDir: '/opt/ltsp',
  tftpDir: '/srv/tftp',
  legacyTftpDirs: ['/var/lib/tftpboot', '/tftpboot', '/srv/tftp'],
  stateDir: '/var/lib/ltsp-update',
  cacheDir: '/var/cache/ltsp-update',
  ltspConf: '/etc/ltsp/ltsp.conf',
  binfmtDir: '/proc/sys/fs/binfmt_misc',
  runDir: '/run/ltsp-update',
  /** KEEP_IMAGES when ltsp.conf does not set it (publish/retention.ts says why versions are kept). */
  keepImages: 3,
} as const;

/** Fill in defaults: explicit options win, then ltsp.conf's [server] section, then LTSP's defaults. */
export async function normalizeOptions(partial: Partial<EngineOptions> = {}): Promise<NormalizedOptions> {
  const ltspConf = partial.ltspConf ?? defaults.ltspConf;
  const settings = await readLtspServerSettings(ltspConf);
  const given = partial.baseDirs ?? [];
  const bases = given.length > 0
    ? given.map((dir) => ({ dir, legacyDefault: false }))
    : settings.baseDir
      ? [{ dir: settings.baseDir, legacyDefault: false }]
      : [
          { dir: defaults.modernBaseDir, legacyDefault: false },
          { dir: defaults.legacyBaseDir, legacyDefault: true },
        ];
  return {
    baseDirs: bases.map((base) => base.dir),
    bases,
    tftpDir: partial.tftpDir ?? settings.tftpDir ?? defaults.tftpDir,
    legacyTftpDirs: [...defaults.legacyTftpDirs],
    keepImages: settings.keepImages ?? defaults.keepImages,
    stateDir: partial.stateDir ?? defaults.stateDir,
    cacheDir: partial.cacheDir ?? defaults.cacheDir,
    allowEmulated: partial.allowEmulated ?? false,
    ltspConf,
    binfmtDir: partial.binfmtDir ?? defaults.binfmtDir,
    runDir: partial.runDir ?? defaults.runDir,
  };
}
