// Names a root file system's native Debian architecture from dpkg's status database, without running dpkg.
import { closeSync, readSync } from 'node:fs';
import { openInsideRoot } from '../fs/inside-root.js';

// dpkg's stanza is among the first few kilobytes of a sorted status file; read a little, then more.
const chunkSize = 16 * 1024;
// Reads are synchronous, so one buffer serves every call.
const chunk = Buffer.allocUnsafe(chunkSize);
// A big chroot's status file is a few megabytes; a huge (or sparse) one is not read to its end.
export const maxDpkgStatusBytes = 64 * 1024 * 1024;
const dpkgMarker = 'Package: dpkg\n';

/**
 * The architecture of the installed `dpkg` package (always the native one), else of any
 * installed arch-specific package. The status file can be megabytes; it is read in chunks
 * and only until dpkg's own stanza is complete, which dpkg's sorted output puts early.
 */
export async function dpkgNativeArch(root: string): Promise<string | undefined> {
  // Through the chroot path layer: a symlinked var/lib/dpkg must not make us read the host's.
  const fd = openInsideRoot(root, '/var/lib/dpkg/status');
  if (fd === undefined) return undefined;
  try {
    let text = '';
    // Where the search for dpkg's stanza goes on from: each chunk is searched once, not the whole text again.
    let searchedTo = 0;
    let dpkgAt = -1;
    for (;;) {
      const bytesRead = readSync(fd, chunk, 0, chunkSize, null);
      text += chunk.toString('latin1', 0, bytesRead);
      const eof = bytesRead < chunkSize || text.length >= maxDpkgStatusBytes;
      if (dpkgAt < 0) {
        dpkgAt = text.startsWith(dpkgMarker) ? 0 : text.indexOf(`\n${dpkgMarker}`, Math.max(0, searchedTo - dpkgMarker.length - 1));
        searchedTo = text.length;
      }
      if (dpkgAt >= 0) {
        const end = text.indexOf('\n\n', dpkgAt + 1);
        const arch = (end >= 0 || eof) && installedArch(text.slice(dpkgAt, end < 0 ? undefined : end));
        if (arch) return arch;
      }
      if (eof) return nativeArchFromStatus(text);
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Parse dpkg status text; only stanzas that are installed count. */
export function nativeArchFromStatus(status: string): string | undefined {
  const dpkg = stanzaOf(status, 'dpkg');
  const fromDpkg = dpkg && installedArch(dpkg);
  if (fromDpkg) return fromDpkg;
  for (const stanza of status.split(/\n\n+/)) {
    const arch = installedArch(stanza);
    if (arch) return arch;
  }
  return undefined;
}

/** The stanza of package `name`; with `complete` false, only one whose blank line has been read. */
function stanzaOf(status: string, name: string, complete = true): string | undefined {
  const marker = `Package: ${name}\n`;
  const at = status.startsWith(marker) ? 0 : status.indexOf(`\n${marker}`);
  if (at < 0) return undefined;
  const end = status.indexOf('\n\n', at + 1);
  if (end < 0 && !complete) return undefined;
  return status.slice(at, end < 0 ? undefined : end);
}

function installedArch(stanza: string): string | undefined {
  if (!/^Status: .* installed$/m.test(stanza)) return undefined;
  const arch = /^Architecture: (\S+)$/m.exec(stanza)?.[1];
  return arch && arch !== 'all' ? arch : undefined;
}
