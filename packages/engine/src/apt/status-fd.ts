// Reads apt's machine-readable progress (APT::Status-Fd): dlstatus, pmstatus and pmerror lines.

export type AptProgress =
  | { kind: 'download'; percent: number; message: string }
  | { kind: 'install'; percent: number; package: string; message: string }
  | { kind: 'error'; package: string; message: string };

/** One Status-Fd line, or undefined for lines we do not use (conffile prompts cannot happen: local config is kept). */
export function parseStatusLine(line: string): AptProgress | undefined {
  // "dlstatus:3:42.5:Retrieving file 3 of 6", "pmstatus:apt:57.1429:Unpacking apt (amd64)", "pmerror:foo.deb:50:…"
  const match = /^(dlstatus|pmstatus|pmerror):([^:]*):([^:]*):(.*)$/.exec(line.trim());
  if (!match) return undefined;
  const [, kind, item, percent, message] = match as unknown as [string, string, string, string, string];
  if (kind === 'dlstatus') return { kind: 'download', percent: Number(percent), message };
  if (kind === 'pmstatus') return { kind: 'install', percent: Number(percent), package: item, message };
  return { kind: 'error', package: item, message };
}
