// The environment a command gets inside a chroot: daemons held back, no host temp dirs.

const debianPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
// The host's temp dirs mean nothing inside the chroot (LTSP5's ltsp-chroot unset them too).
const dropped = new Set(['TMPDIR', 'TMP', 'TEMP', 'TEMPDIR', 'PATH', 'HOME', 'LD_PRELOAD', 'LD_LIBRARY_PATH']);

export interface InsideEnvOptions {
  /** A person is at the terminal: leave debconf's frontend alone. */
  interactive: boolean;
  extra?: Record<string, string>;
}

/** The caller's environment made fit for the chroot. */
export function insideEnv(callerEnv: NodeJS.ProcessEnv, options: InsideEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(callerEnv)) {
    if (value !== undefined && !dropped.has(key)) env[key] = value;
  }
  env['PATH'] = debianPath;
  env['HOME'] = '/root';
  // LTSP's own scripts check this; policy-rc.d (installed by the session) covers the rest.
  env['LTSP_HANDLE_DAEMONS'] = 'false';
  // The session holds the dpkg frontend lock for the chroot; dpkg inside must not wait for it.
  env['DPKG_FRONTEND_LOCKED'] = 'true';
  if (options.interactive) delete env['DEBIAN_FRONTEND'];
  else env['DEBIAN_FRONTEND'] = 'noninteractive';
  return { ...env, ...options.extra };
}
