// Reads the kernel's binfmt_misc registrations, to learn which foreign binaries the host can run through an emulator.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface BinfmtEntry {
  name: string;
  enabled: boolean;
  interpreter: string;
  flags: string;
  offset: number;
  magic: Buffer;
  mask: Buffer | undefined;
}

export interface BinfmtState {
  /** Whether binfmt_misc is mounted, and if so whether it is switched on as a whole. */
  state: 'unmounted' | 'disabled' | 'enabled';
  entries: BinfmtEntry[];
}

/** Every magic-type entry registered under `dir` (normally /proc/sys/fs/binfmt_misc). */
export async function readBinfmt(dir: string): Promise<BinfmtState> {
  let names: string[];
  let status: string;
  try {
    status = (readFileSync(path.join(dir, 'status'), 'utf8')).trim();
    names = readdirSync(dir);
  } catch {
    return { state: 'unmounted', entries: [] };
  }
  const entries: BinfmtEntry[] = [];
  for (const name of names) {
    if (name === 'status' || name === 'register') continue;
    try {
      const entry = parseBinfmtEntry(name, readFileSync(path.join(dir, name), 'utf8'));
      if (entry) entries.push(entry);
    } catch {
      // An entry removed while we read the directory is simply not there.
    }
  }
  return { state: status === 'enabled' ? 'enabled' : 'disabled', entries };
}

/** Parse one entry file; extension-type entries (no magic) give undefined. */
export function parseBinfmtEntry(name: string, text: string): BinfmtEntry | undefined {
  const lines = text.split('\n').map((line) => line.trim());
  const value = (key: string) => lines.find((line) => line.startsWith(`${key} `) || line.startsWith(`${key}:`))?.slice(key.length + 1).trim();
  const magic = value('magic');
  if (magic === undefined) return undefined;
  const mask = value('mask');
  return {
    name,
    enabled: lines[0] === 'enabled',
    interpreter: value('interpreter') ?? '',
    flags: value('flags') ?? '',
    offset: Number(value('offset') ?? 0),
    magic: Buffer.from(magic, 'hex'),
    mask: mask === undefined ? undefined : Buffer.from(mask, 'hex'),
  };
}

/** True when `header` (the first bytes of a binary) carries the entry's magic under its mask. */
export function binfmtMatches(entry: BinfmtEntry, header: Buffer): boolean {
  if (header.length < entry.offset + entry.magic.length) return false;
  for (let i = 0; i < entry.magic.length; i++) {
    const mask = entry.mask?.[i] ?? 0xff;
    if (((header[entry.offset + i] as number) & mask) !== ((entry.magic[i] as number) & mask)) return false;
  }
  return true;
}
