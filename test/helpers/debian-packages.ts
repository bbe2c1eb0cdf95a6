// The Debian packages this checkout builds, and what a disposable server needs to install them
// without a network: the host's own Node.js (Debian 12's is too old) repacked from its installed
// files, and the two packages it depends on that the server fixture lacks. Both cached outside the repo.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixtureCache } from './fixtures.js';

const exec = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

/** Where scripts/build-debs.sh leaves its .deb files. */
export const debOut = path.join(repo, 'build/deb');

/** Build the packages (the set-up already built the workspace, so turbo replays it); the .deb paths. */
export async function buildDebs(): Promise<string[]> {
  await exec('sh', [path.join(repo, 'scripts/build-debs.sh')], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  return (await readdir(debOut)).filter((name) => name.endsWith('.deb')).map((name) => path.join(debOut, name));
}

/** nodejs repacked by dpkg-repack, ca-certificates and openssl: .deb files to install beside ours. */
export async function dependencyDebs(): Promise<string[]> {
  const { stdout: version } = await exec('dpkg-query', ['-W', '-f=${Version}', 'nodejs']);
  const dir = path.join(fixtureCache, `repacked-nodejs-${version.replace(/[^A-Za-z0-9.+~-]/g, '_')}`);
  const have = await readdir(dir).catch(() => [] as string[]);
  if (have.filter((name) => name.endsWith('.deb')).length < 3) {
    // Made in a scratch folder and renamed whole: a run cut short never leaves half a cache.
    const scratch = `${dir}.partial`;
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    process.stderr.write('debian-packages: repacking the host\'s nodejs for the disposable server (about a minute, once)\n');
    await exec('dpkg-repack', ['nodejs'], { cwd: scratch, maxBuffer: 64 * 1024 * 1024 });
    await exec('apt-get', ['download', 'ca-certificates', 'openssl'], { cwd: scratch });
    await rm(dir, { recursive: true, force: true });
    await rename(scratch, dir);
  }
  return (await readdir(dir)).filter((name) => name.endsWith('.deb')).map((name) => path.join(dir, name));
}
