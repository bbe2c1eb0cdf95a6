// Whether the session notifier starts at all: only for those who may act on what it says.
import { administratorGroup, ownCredentials, type Credentials } from './administrator.js';
import { ltspClientReason } from './ltsp-client.js';
import { readNotifierSettings, defaultsFile } from './settings.js';

export type StartVerdict = { start: true } | { start: false; reason: string };

export interface GateOptions {
  credentials?: Credentials;
  /** Where the root file system is (tests look at a tree of their own). */
  root?: string;
  defaults?: string;
}

/** Start, or the one-line reason not to: on an LTSP client, or for a user who cannot administer the server. */
export function mayStart(options: GateOptions = {}): StartVerdict {
  const client = ltspClientReason(options.root);
  if (client !== undefined) return { start: false, reason: `this is an LTSP client (${client}); its chroots are updated on the server` };
  const settings = readNotifierSettings(options.defaults ?? defaultsFile);
  const credentials = options.credentials ?? ownCredentials();
  if (administratorGroup(credentials, settings.adminGroups) === undefined) {
    const groups = ['sudo', ...settings.adminGroups].join(', ');
    return { start: false, reason: `this user is not root and in none of the groups that administer the server (${groups}; LTSP_UPDATE_ADMIN_GROUPS in ${options.defaults ?? defaultsFile})` };
  }
  return { start: true };
}
