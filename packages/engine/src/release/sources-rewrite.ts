// Rewrites a chroot's apt sources for the next release, in the format each file already
// uses: one-line .list files stay one-line, deb822 .sources stay deb822. Entries that are
// not the distribution's own (third-party) are disabled, as Debian's release notes advise.

export interface RewriteRules {
  from: string;
  to: string;
  distribution: 'debian' | 'ubuntu' | string;
  /** Normalised URIs (no trailing slash) whose Release files say Origin: Debian or Ubuntu. */
  distributionUris: ReadonlySet<string>;
  /** Keep -backports (moved to the new release); off by default. */
  withBackports: boolean;
  /** The new release adds non-free-firmware beside non-free (Debian 12 and later). */
  addNonFreeFirmware: boolean;
}

export interface RewriteResult {
  text: string;
  /** Entries disabled, in a form a person recognises: "URI SUITE". */
  disabled: string[];
  changed: boolean;
}

const marker = 'disabled by ltsp-chroot release-upgrade';

/** The new suite for `suite`, or null when it belongs to another release (or to nobody we know). */
function mapSuite(suite: string, rules: RewriteRules): { suite: string; backports: boolean } | null {
  if (suite === rules.from) return { suite: rules.to, backports: false };
  // Debian 10 and older named the security suite "CODENAME/updates".
  if (suite === `${rules.from}/updates`) return { suite: `${rules.to}-security`, backports: false };
  const pocket = /^(.*)-(updates|security|backports|proposed|proposed-updates)$/.exec(suite);
  if (pocket && pocket[1] === rules.from) return { suite: `${rules.to}-${pocket[2]}`, backports: pocket[2] === 'backports' };
  return null;
}

function normaliseUri(uri: string): string {
  return uri.replace(/\/+$/, '');
}

function withComponents(components: string[], rules: RewriteRules): string[] {
  if (rules.addNonFreeFirmware && components.includes('non-free') && !components.includes('non-free-firmware')) {
    return [...components, 'non-free-firmware'];
  }
  return components;
}

/** Rewrite one-line sources.list text. */
export function rewriteOneLine(text: string, rules: RewriteRules): RewriteResult {
  const disabled: string[] = [];
  let changed = false;
  const lines = text.split('\n').map((line) => {
    const match = /^(\s*)(deb|deb-src)(\s+\[[^\]]*\])?(\s+)(\S+)(\s+)(\S+)(\s*)(.*)$/.exec(line);
    if (!match) return line;
    const [, lead, type, options = '', gap1, uri, gap2, suite, gap3, rest] = match as unknown as string[];
    const mapped = mapSuite(suite as string, rules);
    const official = rules.distributionUris.has(normaliseUri(uri as string));
    if (!mapped || !official || (mapped.backports && !rules.withBackports)) {
      disabled.push(`${uri} ${suite}`);
      changed = true;
      return `# ${line.trim()}  # ${marker} to ${rules.to}`;
    }
    const components = withComponents((rest as string).split(/\s+/).filter(Boolean), rules);
    changed = true;
    return `${lead}${type}${options}${gap1}${uri}${gap2}${mapped.suite}${gap3}${components.join(' ')}`;
  });
  return { text: lines.join('\n'), disabled, changed };
}

/** Rewrite deb822 .sources text; a stanza with nothing of the distribution left gets Enabled: no. */
export function rewriteDeb822(text: string, rules: RewriteRules): RewriteResult {
  const disabled: string[] = [];
  let changed = false;
  const stanzas = text.split(/(\n\s*\n)/);
  const rewritten = stanzas.map((stanza) => {
    if (/^\s*$/.test(stanza)) return stanza;
    const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(stanza)?.[1]?.trim();
    const types = field('Types');
    const uris = field('URIs');
    const suites = field('Suites');
    if (types === undefined || uris === undefined || suites === undefined) return stanza;
    if (/^no$/i.test(field('Enabled') ?? 'yes')) return stanza;
    const official = uris.split(/\s+/).every((uri) => rules.distributionUris.has(normaliseUri(uri)));
    const kept: string[] = [];
    for (const suite of suites.split(/\s+/)) {
      const mapped = mapSuite(suite, rules);
      if (!mapped || !official || (mapped.backports && !rules.withBackports)) disabled.push(`${uris} ${suite}`);
      else kept.push(mapped.suite);
    }
    changed = true;
    if (kept.length === 0) {
      const body = stanza.replace(/^Enabled:.*\n?/mi, '');
      const trailing = /\n*$/.exec(body)?.[0] ?? '';
      return `${body.slice(0, body.length - trailing.length)}\n# ${marker} to ${rules.to}\nEnabled: no${trailing}`;
    }
    let next = stanza.replace(/^(Suites:[ \t]*).*$/mi, `$1${kept.join(' ')}`);
    const components = field('Components');
    if (components !== undefined) {
      next = next.replace(/^(Components:[ \t]*).*$/mi, `$1${withComponents(components.split(/\s+/), rules).join(' ')}`);
    }
    return next;
  });
  return { text: rewritten.join(''), disabled, changed };
}
