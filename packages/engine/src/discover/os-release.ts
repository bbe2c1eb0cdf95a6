// Reads a chroot's os-release without sourcing it: KEY=value lines with shell-style quoting.
import { readInsideRoot } from '../fs/inside-root.js';

// os-release files are a few hundred bytes; anything past this is not one.
const maxLength = 16 * 1024;

export interface OsRelease {
  id?: string;
  versionId?: string;
  codename?: string;
  prettyName?: string;
}

/** The distribution and release of the chroot at `root`, from etc/os-release or usr/lib/os-release. */
export async function readOsRelease(root: string): Promise<OsRelease> {
  for (const inner of ['/etc/os-release', '/usr/lib/os-release']) {
    const text = readInsideRoot(root, inner, maxLength);
    if (text !== undefined) return osReleaseFields(parseOsRelease(text.toString('utf8')));
  }
  return {};
}

/** All assignments in os-release text, unquoted as os-release(5) describes; nothing is expanded. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    fields[match[1] as string] = unquote(match[2] as string);
  }
  return fields;
}

function unquote(value: string): string {
  const double = /^"(.*)"$/.exec(value);
  if (double) return (double[1] as string).replace(/\\([\\$"`])/g, '$1');
  const single = /^'(.*)'$/.exec(value);
  if (single) return single[1] as string;
  return value.replace(/\\(.)/g, '$1');
}

function osReleaseFields(fields: Record<string, string>): OsRelease {
  const release: OsRelease = {};
  if (fields['ID']) release.id = fields['ID'];
  if (fields['VERSION_ID']) release.versionId = fields['VERSION_ID'];
  // Debian before 9 and some derivatives only name the codename inside VERSION: "8 (jessie)".
  const codename = fields['VERSION_CODENAME'] || fields['UBUNTU_CODENAME'] || /\(([a-z]+)\)/.exec(fields['VERSION'] ?? '')?.[1];
  if (codename) release.codename = codename;
  if (fields['PRETTY_NAME']) release.prettyName = fields['PRETTY_NAME'];
  return release;
}
