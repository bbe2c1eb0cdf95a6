// Reads apt's sources in both formats: one-line sources.list and deb822 .sources.
import path from 'node:path';
import { listInsideRoot, readInsideRoot } from '../fs/inside-root.js';

// A sources file is a few lines: more than this is not read.
const maxSourcesBytes = 1024 * 1024;

export interface SourceEntry {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  enabled: boolean;
  /** The file it came from, and which format that file uses. */
  file: string;
  format: 'one-line' | 'deb822';
}

/** Every entry of one-line sources.list text (commented-out lines are skipped). */
export function parseOneLineSources(text: string, file = 'sources.list'): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    // "deb [arch=amd64 signed-by=…] URI SUITE COMPONENT…"
    const match = /^(deb|deb-src)\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    entries.push({
      types: [match[1] as string],
      uris: [match[2] as string],
      suites: [match[3] as string],
      components: (match[4] as string).split(/\s+/).filter(Boolean),
      enabled: true,
      file,
      format: 'one-line',
    });
  }
  return entries;
}

/** Every stanza of deb822 .sources text. */
export function parseDeb822Sources(text: string, file = 'debian.sources'): SourceEntry[] {
  const entries: SourceEntry[] = [];
  const stanzas = text.split(/\n\s*\n/);
  for (const stanza of stanzas) {
    const fields: Record<string, string> = {};
    let last: string | undefined;
    for (const raw of stanza.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && last !== undefined) {
        fields[last] = `${fields[last]} ${raw.trim()}`;
        continue;
      }
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (!match) continue;
      last = (match[1] as string).toLowerCase();
      fields[last] = (match[2] as string).trim();
    }
    if (fields['types'] === undefined || fields['uris'] === undefined) continue;
    const words = (key: string) => (fields[key] ?? '').split(/\s+/).filter(Boolean);
    entries.push({
      types: words('types'),
      uris: words('uris'),
      suites: words('suites'),
      components: words('components'),
      enabled: !/^(no|false|0)$/i.test(fields['enabled'] ?? 'yes'),
      file,
      format: 'deb822',
    });
  }
  return entries;
}

/** All sources of the system rooted at `root` (`/` for the host), read through the chroot path layer. */
export async function readSources(root = '/'): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  entries.push(...parseOneLineSources(readOptional(root, '/etc/apt/sources.list'), path.join(root, 'etc/apt/sources.list')));
  const names = (listInsideRoot(root, '/etc/apt/sources.list.d') ?? []).sort();
  for (const name of names) {
    const inner = `/etc/apt/sources.list.d/${name}`;
    const file = path.join(root, inner);
    if (name.endsWith('.list')) entries.push(...parseOneLineSources(readOptional(root, inner), file));
    else if (name.endsWith('.sources')) entries.push(...parseDeb822Sources(readOptional(root, inner), file));
  }
  return entries;
}

/** The first enabled binary mirror that serves `suite`, if any. */
export function mirrorFor(entries: readonly SourceEntry[], suite: string): string | undefined {
  const entry = entries.find((candidate) => candidate.enabled && candidate.types.includes('deb') && candidate.suites.includes(suite));
  return entry?.uris[0];
}

function readOptional(root: string, inner: string): string {
  return readInsideRoot(root, inner, maxSourcesBytes)?.toString('utf8') ?? '';
}
