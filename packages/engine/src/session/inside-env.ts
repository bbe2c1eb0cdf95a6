// The environment a command gets inside a chroot: the caller's locale, terminal and proxies only,
// daemons held back. Nothing else of the engine's environment (tokens, host paths) goes in.

const debianPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
// What apt, dpkg and a person at the terminal need from the caller: its language, its terminal,
// its time zone and the proxies apt fetches through (apt reads them from the environment).
const passed = new Set(['LANG', 'LANGUAGE', 'TERM', 'TZ', 'COLUMNS', 'LINES', 'DEBIAN_FRONTEND', 'DEBIAN_PRIORITY',
  'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY']);
const passedPrefixes = ['LC_', 'DEBCONF_'];

export interface InsideEnvOptions {
  /** A person is at the terminal: leave debconf's frontend alone. */
  interactive: boolean;
  extra?: Record<string, string>;
}

/** The caller's environment made fit for the chroot. */
export function insideEnv(callerEnv: NodeJS.ProcessEnv, options: InsideEnvOptions): Record<string, string> {
  return serverEnv(callerEnv, {
    ...options,
    extra: {
      // LTSP's own scripts check this; policy-rc.d (installed by the session) covers the rest.
      LTSP_HANDLE_DAEMONS: 'false',
      // The session holds the dpkg frontend lock for the chroot; dpkg inside must not wait for it.
      DPKG_FRONTEND_LOCKED: 'true',
      ...options.extra,
    },
  });
}

/** The same for apt on the server itself: services restart as usual, and apt takes the system's locks itself. */
export function serverEnv(callerEnv: NodeJS.ProcessEnv, options: InsideEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(callerEnv)) {
    if (value !== undefined && (passed.has(key) || passedPrefixes.some((prefix) => key.startsWith(prefix)))) env[key] = value;
  }
  env['PATH'] = debianPath;
  env['HOME'] = '/root';
  if (options.interactive) delete env['DEBIAN_FRONTEND'];
  else env['DEBIAN_FRONTEND'] = 'noninteractive';
  return { ...env, ...options.extra };
}
