// What a chroot says is data: its names and os-release reach a terminal without their escape
// sequences, and what its apt prints becomes an argument only in Debian's syntax.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const tree = useScratchTree('untrusted-text');
// Clear the screen, set the window title, ring the bell: what a hostile os-release might carry.
const escapes = '\u001b[2J\u001b]0;pwned\u0007\u202e';
const evilName = `evil${escapes}`;

beforeAll(async () => {
  const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, evilName));
  const osRelease = await readFile(path.join(root, 'usr/lib/os-release'), 'utf8');
  await writeFile(path.join(root, 'etc/os-release'), osRelease.replace(/^PRETTY_NAME=.*$/m, `PRETTY_NAME="Debian ${escapes}"`).replace(/^VERSION_CODENAME=.*$/m, `VERSION_CODENAME=bookworm${escapes}`));
  // A chroot whose own apt-get prints a "package" that would be an option of apt-cache (-c FILE loads apt configuration).
  const hostile = await copyChroot(fixture('bookworm', 'amd64', 'updates'), path.join(tree.base, 'lying-apt'));
  await writeFile(path.join(hostile, 'usr/bin/apt-get'), [
    '#!/bin/sh',
    'echo "The following packages will be upgraded:"',
    'echo "   -c/etc/shadow (1.0 => 2.0)"',
    'echo "1 upgraded, 0 newly installed, 0 to remove and 0 not upgraded."',
    '',
  ].join('\n'), { mode: 0o755 });
});

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u;

function noControls(text: string): void {
  expect(text).not.toMatch(controls);
}

describe('text from a chroot', () => {
  it('reaches the terminal without its control characters, in list and status, and stays exact in JSON', async () => {
    const list = await ltspChroot(['list', '--base-dir', tree.base, '--state-dir', tree.state]);
    expect(list.exitCode).toBe(0);
    noControls(list.stdout + list.stderr);
    expect(list.stdout).toContain('evil?[2J?]0;pwned??');
    const json = await ltspChroot(['list', '--json', '--base-dir', tree.base]);
    const listed = (lastEvent(json.stdout)['chroots'] as { name: string; release: string }[]).find((chroot) => chroot.name.startsWith('evil'));
    expect(listed).toMatchObject({ name: evilName, release: `bookworm${escapes}` });

    const check = await ltspChroot(['check', '--base-dir', tree.base, '--state-dir', tree.state, evilName]);
    noControls(check.stdout + check.stderr);
    const status = await ltspChroot(['status', '--base-dir', tree.base, '--state-dir', tree.state]);
    expect(status.exitCode).toBe(0);
    noControls(status.stdout + status.stderr);
    expect(status.stdout).toContain('evil?[2J');
  });

  it("is refused when the chroot's apt prints a package name that is not Debian syntax", async () => {
    const result = await ltspChroot(['check', '--base-dir', tree.base, '--state-dir', tree.state, 'lying-apt']);
    expect(result.exitCode).toBe(73);
    expect(result.stderr).toMatch(/^ltsp-chroot: lying-apt: apt in lying-apt printed "-c\/etc\/shadow" where a package name or version belongs: its apt is not to be trusted; reinstall apt in it$/m);
  });
});
