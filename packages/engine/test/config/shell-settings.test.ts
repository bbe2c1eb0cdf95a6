import { describe, expect, it } from 'vitest';
import { parseShellSettings } from '../../src/config/shell-settings.js';

describe('parseShellSettings', () => {
  it('reads /etc/default style assignments, quoted the shell way, the last one winning', () => {
    const text = '# comment\nLTSP_UPDATE_DOWNLOAD=yes\nLTSP_UPDATE_ADMIN_GROUPS="teachers lpadmin"\nQUOTED=\'"inner"\'\nLTSP_UPDATE_DOWNLOAD=no\nEMPTY=""\n';
    expect(parseShellSettings(text)).toEqual({
      LTSP_UPDATE_DOWNLOAD: 'no',
      LTSP_UPDATE_ADMIN_GROUPS: 'teachers lpadmin',
      QUOTED: 'inner',
      EMPTY: '',
    });
  });

  it('reads one section of an ltsp.conf and nothing of the others', () => {
    const text = '[server]\nBASE_DIR=/data/ltsp\n[clients]\nBASE_DIR=/elsewhere\nHOSTNAME=pc\n';
    expect(parseShellSettings(text, 'server')).toEqual({ BASE_DIR: '/data/ltsp' });
    expect(parseShellSettings(text, 'missing')).toEqual({});
  });
});
