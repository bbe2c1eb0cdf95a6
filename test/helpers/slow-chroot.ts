// A chroot whose update takes a while: the `updates` fixture (real pending security updates)
// plus a package of a local repository whose new version's postinst sleeps, so a window test can
// watch a run in progress ("Configuring ltsp-test-slow (amd64)") and act during it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { ltspChroot } from './cli.js';
import { copyChroot, fixture } from './fixtures.js';
import { buildLocalRepo } from './local-repo.js';

export const slowPackage = 'ltsp-test-slow';
/** Inside the chroot: once this file exists, the postinst ends at once (see `releaseSlow`). */
const gate = 'var/lib/ltsp-test-slow/go';

/**
 * Make `<base>/<name>` with version 1.0 of the slow package installed and 2.0 pending, whose
 * postinst takes `seconds`, or less when the test calls `releaseSlow`: a test that must act while
 * the run goes on holds it open with a long wait and releases it, rather than racing a timer.
 */
export async function makeSlowChroot(base: string, name: string, common: readonly string[], seconds: number): Promise<string> {
  const root = path.join(base, name);
  await copyChroot(fixture('bookworm', 'amd64', 'updates'), root);
  const slow = (version: string, postinst: string) => ({ name: slowPackage, version, postinst });
  await buildLocalRepo(path.join(root, 'srv/slow-repo'), { bookworm: [slow('1.0', '#!/bin/sh\nexit 0\n')] });
  await writeFile(path.join(root, 'etc/apt/sources.list.d/slow.list'), 'deb [trusted=yes] file:/srv/slow-repo bookworm main\n');
  const installed = await ltspChroot(['exec', ...common, '--network', name, '--', 'sh', '-c', `apt-get -q update && apt-get -y -q install ${slowPackage}`]);
  expect(installed.exitCode, installed.stderr).toBe(0);
  await buildLocalRepo(path.join(root, 'srv/slow-repo'), { bookworm: [slow('2.0', `#!/bin/sh\nfor i in $(seq ${seconds}); do [ -e /${gate} ] && exit 0; sleep 1; done\n`)] });
  const updated = await ltspChroot(['exec', ...common, '--network', name, '--', 'apt-get', '-q', 'update']);
  expect(updated.exitCode, updated.stderr).toBe(0);
  return root;
}

/** Let the slow postinst of chroot `root` end now. */
export async function releaseSlow(root: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, gate)), { recursive: true });
  await writeFile(path.join(root, gate), '');
}

/** The installed version of the slow package in chroot `name`. */
export async function slowVersion(name: string, common: readonly string[]): Promise<string> {
  return (await ltspChroot(['exec', ...common, name, '--', 'dpkg-query', '-W', '-f=${Version}', slowPackage])).stdout;
}

/** dpkg's state and version of the slow package in chroot `name`: "ii 2.0" once fully installed. */
export async function slowState(name: string, common: readonly string[]): Promise<string> {
  return (await ltspChroot(['exec', ...common, name, '--', 'dpkg-query', '-W', '-f=${db:Status-Abbrev}${Version}', slowPackage])).stdout;
}
