import { describe, expect, it } from 'vitest';
import { mountPoints, mountsUnder } from '../../src/session/mountinfo.js';

// Lines of a real /proc/self/mountinfo during a session (one mount point has a space in it).
const mountinfo = `22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
300 22 0:5 / /srv/ltsp/my\\040chroot/proc rw,relatime - proc proc rw
301 22 0:21 / /srv/ltsp/my\\040chroot/sys rw,relatime - sysfs sysfs rw
302 22 0:6 / /srv/ltsp/my\\040chroot/dev rw,relatime - devtmpfs udev rw
303 302 0:24 / /srv/ltsp/my\\040chroot/dev/pts rw,relatime - devpts devpts rw
304 300 0:48 / /srv/ltsp/my\\040chroot/proc/sys/fs/binfmt_misc rw,relatime - binfmt_misc binfmt_misc rw
305 22 0:5 / /srv/ltsp/my\\040chroot2/proc rw,relatime - proc proc rw
`;

describe('mountinfo', () => {
  it('unescapes mount points', () => {
    expect(mountPoints(mountinfo)[1]).toBe('/srv/ltsp/my chroot/proc');
  });

  it('orders what is under a directory deepest first, so binfmt_misc comes off before proc', () => {
    expect(mountsUnder('/srv/ltsp/my chroot/proc', mountPoints(mountinfo))).toEqual([
      '/srv/ltsp/my chroot/proc/sys/fs/binfmt_misc',
      '/srv/ltsp/my chroot/proc',
    ]);
  });

  it('does not mistake a sibling with a common prefix for a child', () => {
    expect(mountsUnder('/srv/ltsp/my chroot', mountPoints(mountinfo))).not.toContain('/srv/ltsp/my chroot2/proc');
  });
});
