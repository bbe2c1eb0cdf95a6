// Reads `apt-cache policy`: the release behind every package source, and each package's version table.

/** The fields of a source's Release file, as apt-cache policy prints them: o, a, n, l, c, v, b. */
export type ReleaseFields = Record<string, string>;

export interface VersionEntry {
  version: string;
  installed: boolean;
  /** Source keys ("URI SUITE/COMPONENT ARCH Packages") that offer this version. */
  sources: string[];
  /** A phased update's rollout (Phased-Update-Percentage), as apt prints it: "(phased 50%)". */
  phasedPercent?: number;
}

export interface PackagePolicy {
  installed: string | undefined;
  candidate: string | undefined;
  /** Newest first: apt's own version order. */
  versions: VersionEntry[];
}

/** The release fields of every source, from the global `apt-cache policy` (LC_ALL=C). */
export function parseReleases(output: string): Map<string, ReleaseFields> {
  const releases = new Map<string, ReleaseFields>();
  let source: string | undefined;
  for (const line of output.split('\n')) {
    const sourceLine = /^ *-?\d+ (.+)$/.exec(line);
    if (sourceLine && !line.startsWith('     ')) {
      source = (sourceLine[1] as string).trim();
      continue;
    }
    const release = /^\s+release (.*)$/.exec(line);
    if (release && source) releases.set(source, releaseFields(release[1] as string));
  }
  return releases;
}

/** Each package's installed and candidate versions and its version table, from `apt-cache policy PKG…` (LC_ALL=C). */
export function parsePackagePolicies(output: string): Map<string, PackagePolicy> {
  const policies = new Map<string, PackagePolicy>();
  let current: PackagePolicy | undefined;
  let version: VersionEntry | undefined;
  for (const line of output.split('\n')) {
    const name = /^(\S+):$/.exec(line);
    if (name) {
      current = { installed: undefined, candidate: undefined, versions: [] };
      policies.set(name[1] as string, current);
      version = undefined;
      continue;
    }
    if (!current) continue;
    const field = /^ {2}(Installed|Candidate): (\S+)$/.exec(line);
    if (field) {
      const value = field[2] === '(none)' ? undefined : field[2];
      if (field[1] === 'Installed') current.installed = value;
      else current.candidate = value;
      continue;
    }
    // " *** 2.6.1 500" (installed), "     2.6.2 500", or a phased one: "     2.6.2 500 (phased 50%)"
    const versionLine = /^ (\*\*\*| {3}) (\S+) -?\d+(?: \(phased (\d+)%\))?$/.exec(line);
    if (versionLine) {
      version = { version: versionLine[2] as string, installed: versionLine[1] === '***', sources: [] };
      if (versionLine[3] !== undefined) version.phasedPercent = Number(versionLine[3]);
      current.versions.push(version);
      continue;
    }
    const sourceLine = /^ {8}-?\d+ (.+)$/.exec(line);
    if (sourceLine && version) version.sources.push((sourceLine[1] as string).trim());
  }
  return policies;
}

function releaseFields(text: string): ReleaseFields {
  const fields: ReleaseFields = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fields;
}
