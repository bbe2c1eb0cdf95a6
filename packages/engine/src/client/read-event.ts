// One line of `ltsp-chroot --json` read as the protocol says, never cast on trust: an event of
// another protocol version, or one that does not match its schema, becomes one clear error
// that says which side to update, instead of a window that shows something half understood.
import '../protocol/zod-messages.js';
import { eventSchema, type EngineEvent, type ErrorEvent } from '../protocol/events.js';
import { protocolVersion } from '../protocol/version.js';
import { _, _f } from '../text/i18n.js';

export type EventReading =
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'mismatch'; error: ErrorEvent }
  /** Blank, or not JSON: the engine prints nothing else on stdout with --json. */
  | { kind: 'none' };

/** Read one line of the engine's stdout. */
export function readEvent(line: string): EventReading {
  if (line.trim() === '') return { kind: 'none' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'none' };
  }
  const version = (value as { v?: unknown } | null)?.v;
  if (version !== protocolVersion) {
    const newer = typeof version === 'number' && version > protocolVersion;
    const values = { engine: typeof version === 'number' ? version : _('unknown'), window: protocolVersion };
    return mismatch(newer
      ? _f('ltsp-chroot speaks protocol version {engine}, this window version {window}: update this window to the release of ltsp-chroot', values)
      : _f('ltsp-chroot speaks protocol version {engine}, this window version {window}: update ltsp-chroot to the release of this window', values));
  }
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) {
    const issue = decisiveIssue(parsed.error.issues);
    return mismatch(_f('ltsp-chroot printed an event this window does not understand ({field}: {issue}): install the window and ltsp-chroot from the same release', { field: issue?.path.join('.') || 'event', issue: issue?.message ?? 'invalid' }));
  }
  return { kind: 'event', event: parsed.data };
}

function mismatch(message: string): EventReading {
  return { kind: 'mismatch', error: { v: protocolVersion, type: 'error', code: 'protocol-mismatch', message, exitCode: 1 } };
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

/**
 * The issue that says what is wrong: for a union of events, the one from the event kind whose
 * `type` and `command` matched (its other kinds fail on those two fields alone).
 */
function decisiveIssue(issues: readonly Issue[]): Issue | undefined {
  let issue = issues[0];
  while (issue?.code === 'invalid_union' && issue.errors !== undefined) {
    const kinds = issue.errors;
    const matching = kinds.find((kind) => !kind.some((entry) => entry.path[0] === 'type' || entry.path[0] === 'command'));
    issue = (matching ?? kinds[0])?.[0];
  }
  return issue;
}
