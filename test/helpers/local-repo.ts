// A local apt repository for tests, built with dpkg-deb: packages whose maintainer scripts
// behave as the test needs, served to a chroot through a file: URI, or over HTTP by slow-mirror.ts.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

export interface TestPackage {
  name: string;
  version: string;
  /** The postinst script; `exit 1` makes installing the package fail. */
  postinst?: string;
  /** A real .deb to serve as this version instead: its files, scripts and dependencies kept, only its version changed. */
  from?: string;
  /** Bytes of random data the package carries, so its .deb takes a while to download. */
  payloadBytes?: number;
  /** Phased-Update-Percentage in the index, as Ubuntu's archive sets it for an update being rolled out. */
  phasedPercent?: number;
}

/**
 * Build a repository at `dir` with one suite per key of `suites`. Its Release files say
 * Origin: Debian, so the release upgrade treats it as part of the distribution and moves it.
 */
export async function buildLocalRepo(dir: string, suites: Record<string, TestPackage[]>): Promise<void> {
  for (const [suite, packages] of Object.entries(suites)) {
    const stanzas: string[] = [];
    for (const pkg of packages) {
      const build = path.join(dir, 'build', `${pkg.name}-${pkg.version}`);
      // The index repeats the package's control fields: apt tells two builds of one version apart by them.
      let control = `Package: ${pkg.name}\nVersion: ${pkg.version}\nArchitecture: all\nMaintainer: LTSP Update Manager tests <tests@localhost>\nDescription: test package\n`;
      if (pkg.from !== undefined) {
        await mkdir(path.dirname(build), { recursive: true });
        await execa('dpkg-deb', ['-R', pkg.from, build]);
        control = (await readFile(path.join(build, 'DEBIAN/control'), 'utf8')).replace(/^Version: .*$/m, `Version: ${pkg.version}`);
        await writeFile(path.join(build, 'DEBIAN/control'), control);
      } else {
        await mkdir(path.join(build, 'DEBIAN'), { recursive: true });
        await writeFile(path.join(build, 'DEBIAN/control'), control);
        await writeFile(path.join(build, 'DEBIAN/postinst'), pkg.postinst ?? '#!/bin/sh\nexit 0\n');
        await chmod(path.join(build, 'DEBIAN/postinst'), 0o755);
      }
      const compression = pkg.payloadBytes === undefined ? [] : await addPayload(build, pkg.name, pkg.payloadBytes);
      const filename = `pool/${pkg.name}_${pkg.version}_all.deb`;
      await mkdir(path.join(dir, 'pool'), { recursive: true });
      await execa('dpkg-deb', ['--root-owner-group', ...compression, '--build', build, path.join(dir, filename)]);
      const deb = await readFile(path.join(dir, filename));
      stanzas.push([
        control.trimEnd(),
        ...(pkg.phasedPercent === undefined ? [] : [`Phased-Update-Percentage: ${pkg.phasedPercent}`]),
        `Filename: ${filename}`, `Size: ${(await stat(path.join(dir, filename))).size}`, `SHA256: ${createHash('sha256').update(deb).digest('hex')}`, '',
      ].join('\n'));
    }
    const packagesPath = `main/binary-amd64/Packages`;
    await mkdir(path.join(dir, 'dists', suite, 'main/binary-amd64'), { recursive: true });
    const packagesText = stanzas.join('\n');
    await writeFile(path.join(dir, 'dists', suite, packagesPath), packagesText);
    const sha = createHash('sha256').update(packagesText).digest('hex');
    await writeFile(path.join(dir, 'dists', suite, 'Release'), [
      'Origin: Debian', 'Label: Debian', `Suite: ${suite}`, `Codename: ${suite}`, 'Architectures: amd64', 'Components: main',
      'SHA256:', ` ${sha} ${Buffer.byteLength(packagesText)} ${packagesPath}`, '',
    ].join('\n'));
  }
}

/** Put `bytes` of random data into the package tree; gives dpkg-deb's options for it. */
async function addPayload(build: string, name: string, bytes: number): Promise<string[]> {
  await mkdir(path.join(build, 'usr/share', name), { recursive: true });
  await writeFile(path.join(build, 'usr/share', name, 'payload'), randomBytes(bytes));
  // Random data does not compress: trying only makes building the package slow.
  return ['-Znone'];
}

/**
 * `<base>/<name>`: a copy of the minbase fixture whose only source is a local repository, with
 * version 1.0 of `pkg` installed and, when `postinst2` is given, a version 2.0 with that postinst
 * pending. Nothing of it needs the network.
 */
export async function localRepoChroot(base: string, name: string, common: readonly string[], pkg: string, postinst2?: string): Promise<string> {
  const { copyChroot, fixture } = await import('./fixtures.js');
  const { ltspChroot } = await import('./cli.js');
  const root = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(base, name));
  const version = (number: string, postinst: string) => ({ name: pkg, version: number, postinst });
  await buildLocalRepo(path.join(root, 'srv/repo'), { bookworm: [version('1.0', '#!/bin/sh\nexit 0\n')] });
  await writeFile(path.join(root, 'etc/apt/sources.list'), 'deb [trusted=yes] file:/srv/repo bookworm main\n');
  const installed = await ltspChroot(['exec', ...common, name, '--', 'sh', '-c', `apt-get -q update && apt-get -y -q install ${pkg}`]);
  if (installed.exitCode !== 0) throw new Error(`could not install ${pkg} in ${name}: ${installed.stderr}`);
  if (postinst2 !== undefined) {
    await buildLocalRepo(path.join(root, 'srv/repo'), { bookworm: [version('2.0', postinst2)] });
    // apt reads a file: index in place, and trusts its cache while the index keeps its size and
    // its mtime's second: a 2.0 written within the second of 1.0 would stay unseen without this.
    const updated = await ltspChroot(['exec', ...common, name, '--', 'apt-get', '-q', 'update']);
    if (updated.exitCode !== 0) throw new Error(`could not see version 2.0 of ${pkg} in ${name}: ${updated.stderr}`);
  }
  return root;
}
