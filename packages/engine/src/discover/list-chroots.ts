// Describes every chroot (and orphaned image) in the configured base dirs, reading files only.
import { packageManagerOf } from './package-manager.js';
import type { NormalizedOptions } from '../config/options.js';
import type { ChrootInfo, OrphanImage } from '../protocol/chroot.js';
import { chrootArch, shellHeader } from '../arch/chroot-arch.js';
import { hostVerdict, type HostFacts, type HostVerdict } from '../arch/host-verdict.js';
import { hostArch as readHostArch } from '../arch/host-arch.js';
import { readBinfmt } from '../arch/binfmt.js';
import { installedEmulator } from '../arch/emulator.js';
import { kernelCompat, type KernelCompat } from '../arch/kernel-compat.js';
import type { CompatFamily } from '../arch/probe-program.js';
import { chrootByName } from './find-by-name.js';
import { findChroots, type FoundChroot } from './find-chroots.js';
import { findImages } from './images.js';
import { newestKernel, tftpDirFor, tftpState } from './kernels.js';
import { readOsRelease } from './os-release.js';
import { releaseState } from '../release/release-state.js';

export interface ChrootListing {
  chroots: ChrootInfo[];
  orphanImages: OrphanImage[];
  hostArch: string;
}

export interface DescribedChroot extends ChrootInfo {
  /** How to run it; kept off the JSON (personality, interpreter). */
  run: HostVerdict;
}

/** List and describe all chroots; nothing inside any chroot is executed. */
export async function listChroots(options: NormalizedOptions, now = Date.now()): Promise<ChrootListing & { described: DescribedChroot[] }> {
  const [found, images, host] = await Promise.all([findChroots(options.bases), findImages(options.baseDirs, options.tftpDir, now), hostFacts(options)]);
  const described = await Promise.all(found.map((chroot) => describeChroot(chroot, options, host, images, now)));
  const orphanImages = images
    .filter((image) => !found.some((chroot) => chroot.baseDir === image.baseDir && chroot.name === image.name))
    .map(({ name, baseDir, image }) => ({ name, baseDir, image }));
  return { chroots: described.map(toChrootInfo), described, orphanImages, hostArch: host.facts.arch };
}

/**
 * The chroots called `names`, in that order, each found as chrootByName finds it (its errors
 * when one is not there or is there twice), and only those described: a command on one chroot
 * does not read every other chroot's release, kernel and image.
 */
export async function describeNamed(options: NormalizedOptions, names: readonly string[], now = Date.now()): Promise<DescribedChroot[]> {
  const found = await findChroots(options.bases);
  const chosen = names.map((name) => chrootByName(found, name, options.baseDirs));
  if (chosen.length === 0) return [];
  const [images, host] = await Promise.all([findImages(options.baseDirs, options.tftpDir, now), hostFacts(options)]);
  return Promise.all(chosen.map((chroot) => describeChroot(chroot, options, host, images, now)));
}

/** The chroot called `name`, described (describeNamed's errors when it is not there). */
export async function describeOne(options: NormalizedOptions, name: string): Promise<DescribedChroot> {
  const [chroot] = await describeNamed(options, [name]);
  return chroot as DescribedChroot;
}

interface HostSide {
  facts: HostFacts;
  server: { distribution: string | null; release: string | null };
}

/** What the host says that every chroot's description needs, each asked once. */
async function hostFacts(options: NormalizedOptions): Promise<HostSide> {
  const [host, binfmt, hostRelease] = await Promise.all([readHostArch(), readBinfmt(options.binfmtDir), readOsRelease('/')]);
  // The kernel is asked at most once per family, and only when a chroot of that family is here.
  const asked = new Map<CompatFamily, Promise<KernelCompat>>();
  const facts: HostFacts = {
    arch: host,
    binfmt,
    kernelCompat: (family) => {
      let answer = asked.get(family);
      if (answer === undefined) {
        answer = kernelCompat(family, options.runDir);
        asked.set(family, answer);
      }
      return answer;
    },
    emulatorFor: (arch) => installedEmulator(arch),
  };
  return { facts, server: { distribution: hostRelease.id ?? null, release: hostRelease.codename ?? null } };
}

async function describeChroot(
  chroot: FoundChroot,
  options: NormalizedOptions,
  { facts: host, server }: HostSide,
  images: Awaited<ReturnType<typeof findImages>>,
  now: number,
): Promise<DescribedChroot> {
  const today = new Date(now).toISOString().slice(0, 10);
  const tftpRoots = chroot.layout === 'legacy' ? [options.tftpDir, ...options.legacyTftpDirs] : [options.tftpDir];
  const [release, arch, kernel, tftpDir] = await Promise.all([
    readOsRelease(chroot.path),
    chrootArch(chroot.path),
    newestKernel(chroot.path),
    tftpDirFor(chroot.name, [...new Set(tftpRoots)]),
  ]);
  const [verdict, tftp] = await Promise.all([
    hostVerdict(host, chroot.path, arch.arch, () => shellHeader(chroot.path)),
    tftpState(kernel, tftpDir),
  ]);
  const image = images.find((candidate) => candidate.baseDir === chroot.baseDir && candidate.name === chroot.name);
  return {
    kind: 'chroot',
    name: chroot.name,
    path: chroot.path,
    baseDir: chroot.baseDir,
    layout: chroot.layout,
    distribution: release.id ?? null,
    version: release.versionId ?? null,
    release: release.codename ?? null,
    prettyName: release.prettyName ?? null,
    arch: arch.arch ?? null,
    archSource: arch.source,
    verdict: verdict.verdict,
    verdictReason: verdict.reason,
    image: image?.image ?? null,
    kernel: kernel ?? null,
    tftp: { dir: tftpDir ?? null, state: tftp },
    ...nextReleaseFields(releaseState({ path: chroot.path, distribution: release.id ?? null, release: release.codename ?? null }, server, today)),
    packageManager: packageManagerOf(chroot.path)?.title ?? null,
    run: verdict,
  };
}

function nextReleaseFields(state: ReturnType<typeof releaseState>): { nextRelease: ChrootInfo['nextRelease']; behindServer: boolean } {
  return { nextRelease: state.next, behindServer: state.behindServer };
}

/** What `list --json` shows of a described chroot (or the server). */
export function toChrootInfo(described: DescribedChroot): ChrootInfo {
  const { run: _run, ...info } = described;
  return info;
}
