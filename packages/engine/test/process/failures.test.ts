// What a failed helper tool or LTSP step is called in the one line the administrator reads.
import { describe, expect, it } from 'vitest';
import { ltspStepName } from '../../src/ltsp/tools.js';
import { helperFailure, run } from '../../src/process/run.js';

describe('ltspStepName', () => {
  it('names the applet of modern LTSP and the tool of LTSP5', () => {
    expect(ltspStepName({ file: 'ltsp', args: ['--base-dir', '/srv/ltsp', '--tftp-dir', '/srv/tftp', 'image', 'bookworm'] })).toBe('ltsp image');
    // LTSP5's tools take the chroot alone: the name was "ltsp-update-kernels undefined i386".
    expect(ltspStepName({ file: 'ltsp-update-kernels', args: ['i386'] })).toBe('ltsp-update-kernels');
  });
});

describe('a helper that fails', () => {
  it("is the helper's own words, not an internal error", async () => {
    const failure = await run('cp', ['/nonexistent/source', '/tmp/'], { chroot: 'bookworm' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'helper-failed', shortMessage: expect.stringMatching(/^cp failed for bookworm: cp: cannot stat '\/nonexistent\/source': No such file or directory$/) });
  });

  it('is a full disk when it says so', () => {
    expect(helperFailure('cp', 1, "cp: error writing '/srv/ltsp/x.snapshot/usr/lib/libc.so.6': No space left on device\n", 'x')).toEqual(['no-space', "cp stopped for x: the disk is full (cp: error writing '/srv/ltsp/x.snapshot/usr/lib/libc.so.6': No space left on device); free some space and run the same command again"]);
  });
});
