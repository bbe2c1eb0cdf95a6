// Brings a chroot whose last dpkg run was cut short (SIGKILL, power, a full disk) back to a consistent
// state before anything is planned, the way apt's frontends do: configure what is unpacked, and when
// that stops at dependency problems, let apt fix what is still broken. `dpkg --configure -a` alone cannot finish a run that unpacked a
// package but not yet the new version of one it depends on; `apt-get -f install` can. Nor can dpkg see
// every cut: apt removes a package with --force-depends before it installs what replaces it, so a kill
// between the two leaves dpkg's own records clean and a dependency missing, which only apt notices.
import { readInside, streamInside } from '../apt/apt-in-session.js';
import { packageStates, type PackageState } from '../apt/package-states.js';
import { EngineError, isEngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';
import { listInsideRoot } from '../fs/inside-root.js';
import type { Session } from '../session/session.js';
import { keepLocalConfig } from './install.js';

export interface DpkgRecovery {
  /** What was done, in order, for the step's report. */
  actions: string[];
}

/** True when dpkg's journal (var/lib/dpkg/updates) has entries, `dpkg --audit` reports packages, or apt finds a dependency missing. */
export async function dpkgInterrupted(session: Session): Promise<boolean> {
  // Through the path layer: a link there never lists a host folder.
  if ((listInsideRoot(session.chroot.path, '/var/lib/dpkg/updates')?.length ?? 0) > 0) return true;
  if ((await auditProblems(session)) !== '') return true;
  return (await brokenDependencies(session)) !== undefined;
}

/** Finish or repair the interrupted run; an EngineError when dpkg is still not clean afterwards. */
export async function recoverDpkg(session: Session, output: (line: string) => void): Promise<DpkgRecovery> {
  const name = session.chroot.name;
  const actions: string[] = [];
  // Killed mid-unpack: dpkg refuses to configure these ("very bad inconsistent state, you should
  // reinstall it") and apt -f install only asks dpkg to configure them, so they are unpacked again first.
  const torn = await tornPackages(session);
  if (torn.length > 0) {
    await unpackAgain(session, torn, output);
    actions.push(`unpacked ${torn.map((entry) => entry.name).join(', ')} again`);
  }
  try {
    await streamInside(session, ['dpkg', '--configure', '-a', '--force-confdef', '--force-confold'], { onOutput: output });
    actions.push('configured the unpacked packages');
    const missing = await brokenDependencies(session);
    if (missing === undefined) return { actions };
    actions.push(`apt found dependencies missing (${missing})`);
  } catch (error) {
    // Dependency problems: unpacked packages wait for others that were never unpacked. apt fixes that.
    if (!isEngineError(error) || error.code !== 'apt-failed') throw error;
    actions.push(`dpkg --configure -a could not finish (${error.shortMessage})`);
  }
  await streamInside(session, ['apt-get', '-q', '-y', '-f', ...keepLocalConfig, 'install'], { onOutput: output });
  actions.push('apt-get -f install repaired the rest');
  const left = await auditProblems(session);
  if (left !== '') {
    throw new EngineError('apt-failed', _f('{name}: dpkg could not be repaired: {reason}', { name, reason: left.split('\n')[0] }), { chroot: name, stderrTail: left.split('\n').slice(0, 8).join('\n') });
  }
  return { actions };
}

/** Packages that dpkg left half-installed or marked as needing a reinstall, at the version it recorded. */
async function tornPackages(session: Session): Promise<PackageState[]> {
  // The state's second letter H: half-installed; the third R: reinstall required.
  return (await packageStates(session)).filter((entry) => entry.status[1] === 'H' || entry.status[2] === 'R');
}

// Inside the chroot, where the shared package cache is bound: the .deb apt kept of the version dpkg
// recorded (NAME_VERSION_ARCH.deb, the epoch's colon as %3a); else the newest one of that package apt
// kept, which is what the cut run was unpacking (dpkg records the old version until the new files are
// in); only then one fetched with apt-get download, since the torn package may be apt itself and its
// methods may not run. Its arguments: scratch folder, bare name, file version, name, version.
const unpackScript = `set -e
unpack() { exec dpkg --unpack --force-depends --force-confdef --force-confold "$1"; }
for deb in /var/cache/apt/archives/"$2"_"$3"_*.deb; do [ -f "$deb" ] && unpack "$deb"; done
newest= newest_version=
for deb in /var/cache/apt/archives/"$2"_*.deb; do
  [ -f "$deb" ] || continue
  version=$(dpkg-deb -f "$deb" Version) || continue
  if [ -z "$newest" ] || dpkg --compare-versions "$version" gt "$newest_version"; then newest=$deb newest_version=$version; fi
done
[ -n "$newest" ] && unpack "$newest"
cd "$1"
apt-get -q download "$4=$5" || apt-get -q download "$4"
for deb in ./"$2"_*.deb; do [ -f "$deb" ] && unpack "$deb"; done
echo "no .deb of $4 could be found or fetched" >&2
exit 1`;

/** dpkg --unpack each torn package again. */
async function unpackAgain(session: Session, torn: readonly PackageState[], output: (line: string) => void): Promise<void> {
  const scratch = await session.scratchDir('unpack-again');
  for (const { name, version } of torn) {
    const bare = name.split(':')[0] as string;
    await streamInside(session, ['sh', '-c', unpackScript, 'sh', scratch, bare, version.replace(':', '%3a'), name, version], { onOutput: output });
  }
}

/** apt-get check's reason when a package's dependency is missing (a removal with --force-depends cut short), else undefined. */
async function brokenDependencies(session: Session): Promise<string | undefined> {
  try {
    // The session holds the dpkg locks (and on the server, checking needs none): apt-get check must not ask for them.
    await readInside(session, ['apt-get', '-q', '-o', 'Debug::NoLocking=true', 'check']);
    return undefined;
  } catch (error) {
    if (!isEngineError(error) || error.code !== 'apt-failed') throw error;
    return error.shortMessage;
  }
}

// dpkg --audit prints what is half-installed or half-configured (and exits 1 on some versions).
async function auditProblems(session: Session): Promise<string> {
  try {
    return (await readInside(session, ['dpkg', '--audit'])).trim();
  } catch (error) {
    // A dpkg that cannot even start says nothing about an interrupted run: that is its own failure.
    if (isEngineError(error) && error.code === 'unsupported-arch') throw error;
    return isEngineError(error) ? error.shortMessage : String(error);
  }
}
