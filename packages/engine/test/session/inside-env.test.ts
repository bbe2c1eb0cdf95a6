// The environment handed into a chroot: the caller's locale, terminal and proxies, nothing else.
import { describe, expect, it } from 'vitest';
import { insideEnv } from '../../src/session/inside-env.js';

describe('insideEnv', () => {
  it("passes locale, terminal and proxies, and keeps the rest of the caller's environment out", () => {
    const env = insideEnv({
      LANG: 'de_DE.UTF-8', LC_TIME: 'C', TERM: 'xterm', http_proxy: 'http://proxy:3128', DEBCONF_DEBUG: 'developer',
      GITHUB_TOKEN: 'secret', TMPDIR: '/host/tmp', LD_PRELOAD: '/host/lib.so', XDG_RUNTIME_DIR: '/run/user/0', PATH: '/opt/bin',
    }, { interactive: false });
    expect(env).toEqual({
      LANG: 'de_DE.UTF-8', LC_TIME: 'C', TERM: 'xterm', http_proxy: 'http://proxy:3128', DEBCONF_DEBUG: 'developer',
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root',
      LTSP_HANDLE_DAEMONS: 'false', DPKG_FRONTEND_LOCKED: 'true', DEBIAN_FRONTEND: 'noninteractive',
    });
  });

  it("leaves debconf's frontend to a person at a terminal, and lets the session add its own", () => {
    const env = insideEnv({ DEBIAN_FRONTEND: 'readline' }, { interactive: true, extra: { APT_CONFIG: '/etc/apt/x.conf' } });
    expect(env['DEBIAN_FRONTEND']).toBeUndefined();
    expect(env['APT_CONFIG']).toBe('/etc/apt/x.conf');
  });
});
