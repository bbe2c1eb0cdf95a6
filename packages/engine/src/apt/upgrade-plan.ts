// Reads what an apt-get upgrade would do, from `apt-get --print-uris -V -y (dist-)upgrade`:
// the packages with their versions, removals, kept-back packages and what is left to download.

export interface PlannedUpgrade {
  name: string;
  from: string;
  to: string;
}

export interface UpgradePlan {
  upgrades: PlannedUpgrade[];
  /** Packages the upgrade would newly install (a new kernel ABI, say). */
  installs: PlannedUpgrade[];
  removals: string[];
  keptBack: string[];
  /** The .deb of each package: its file name in the package cache and its size. */
  debs: Map<string, { file: string; size: number }>;
}

const sections = {
  'The following packages will be upgraded:': 'upgrades',
  'The following NEW packages will be installed:': 'installs',
  'The following packages will be REMOVED:': 'removals',
  'The following packages have been kept back:': 'keptBack',
} as const;

/** Parse the output (LC_ALL=C) of `apt-get --print-uris -V -y dist-upgrade` or `… upgrade`. */
export function parseUpgradePlan(output: string): UpgradePlan {
  const plan: UpgradePlan = { upgrades: [], installs: [], removals: [], keptBack: [], debs: new Map() };
  let section: (typeof sections)[keyof typeof sections] | undefined;
  for (const line of output.split('\n')) {
    const header = sections[line.trim() as keyof typeof sections];
    if (header) {
      section = header;
      continue;
    }
    // -V lists one package a line, indented: "   apt (2.6.1 => 2.6.2)" or "   linux-image-6.1.0-28-amd64 (6.1.119-1)".
    if (section && line.startsWith(' ')) {
      for (const item of listItems(line)) addItem(plan, section, item);
      continue;
    }
    section = undefined;
    // "'URI' FILENAME SIZE [HASH]": FILENAME is NAME_VERSION_ARCH.deb.
    const uri = /^'[^']+' ((\S+?)_\S+) (\d+)/.exec(line);
    if (uri) plan.debs.set(uri[2] as string, { file: uri[1] as string, size: Number(uri[3]) });
  }
  return plan;
}

function listItems(line: string): { name: string; from: string; to: string }[] {
  const verbose = /^\s+(\S+) \((?:(\S+) => )?(\S+)\)\s*$/.exec(line);
  if (verbose) return [{ name: verbose[1] as string, from: verbose[2] ?? '', to: verbose[3] as string }];
  // Without versions (kept back, removals): several names a line.
  return line.trim().split(/\s+/).filter(Boolean).map((name) => ({ name, from: '', to: '' }));
}

function addItem(plan: UpgradePlan, section: (typeof sections)[keyof typeof sections], item: PlannedUpgrade): void {
  if (section === 'upgrades' || section === 'installs') plan[section].push(item);
  else plan[section].push(item.name);
}
