import { describe, expect, it } from 'vitest';
import { parseLtspServerSettings } from '../../src/config/ltsp-conf.js';
import { normalizeOptions } from '../../src/config/options.js';

describe('parseLtspServerSettings', () => {
  it('reads BASE_DIR and TFTP_DIR from [server] only', () => {
    const text = '# /etc/ltsp/ltsp.conf\n[server]\nBASE_DIR="/data/ltsp"\nTFTP_DIR=/data/tftp\n\n[clients]\nBASE_DIR=/wrong\n';
    expect(parseLtspServerSettings(text)).toEqual({ baseDir: '/data/ltsp', tftpDir: '/data/tftp' });
  });

  it('reads KEEP_IMAGES as a count of one or more, and ignores anything else', () => {
    expect(parseLtspServerSettings('[server]\nKEEP_IMAGES="5"\n')).toEqual({ keepImages: 5 });
    expect(parseLtspServerSettings('[server]\nKEEP_IMAGES=0\n')).toEqual({});
    expect(parseLtspServerSettings('[server]\nKEEP_IMAGES=all\n')).toEqual({});
  });

  it('gives nothing when [server] does not set them', () => {
    expect(parseLtspServerSettings('[clients]\nTIMEZONE=Europe/Athens\n')).toEqual({});
  });
});

describe('normalizeOptions', () => {
  it('defaults to both LTSP layouts when nothing is configured', async () => {
    const options = await normalizeOptions({ ltspConf: '/nonexistent/ltsp.conf' });
    expect(options.bases).toEqual([{ dir: '/srv/ltsp', legacyDefault: false }, { dir: '/opt/ltsp', legacyDefault: true }]);
    expect(options.tftpDir).toBe('/srv/tftp');
    expect(options.stateDir).toBe('/var/lib/ltsp-update');
  });

  it('lets the command line win over the configuration', async () => {
    const options = await normalizeOptions({ ltspConf: '/nonexistent/ltsp.conf', baseDirs: ['/a', '/b'], tftpDir: '/t' });
    expect(options.baseDirs).toEqual(['/a', '/b']);
    expect(options.tftpDir).toBe('/t');
  });
});
