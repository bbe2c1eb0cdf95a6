// Text into roff (man(7)) safely: what a description says must never become a request or an escape.

// Typographic characters that have a glyph in every groff output device (-Tascii too).
const special: Record<string, string> = {
  '\u2026': '...', '\u2014': '\\(em', '\u2013': '\\(en', '\u2018': '\\(oq', '\u2019': '\\(cq',
  '\u201c': '\\(lq', '\u201d': '\\(rq', '\u2192': '\\(->', '\u00d7': '\\(mu',
};

/**
 * Text for a roff text line: backslashes as \e, every hyphen as \- (options must be typed as
 * shown), the characters above by name and any other non-ASCII by its code point, and a line
 * that would start with a control character (. or ') led by \& so it stays text.
 */
export function roffText(text: string): string {
  const escaped = [...text.replace(/\\/g, '\\e').replace(/-/g, '\\-')]
    .map((char) => special[char] ?? (char.charCodeAt(0) > 0x7e ? `\\[u${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}]` : char))
    .join('');
  return escaped
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

/** An argument of a macro (.TH, .SH): escaped text, quoted, its own quotes as \(dq. */
export function roffArgument(text: string): string {
  return `"${roffText(text).replace(/"/g, '\\(dq')}"`;
}

/** Bold text (commands, options, paths), then back to roman. */
export function bold(text: string): string {
  return `\\fB${roffText(text)}\\fR`;
}

/** Italic text (what the user replaces: NAME, DIR), then back to roman. */
export function italic(text: string): string {
  return `\\fI${roffText(text)}\\fR`;
}

/** An option's flags as a man page shows them: "-V, --version" bold, the value italic. */
export function roffFlags(flags: string): string {
  return flags
    .split(/(\s+|,)/)
    .map((part) => (/^[<[]/.test(part) ? italic(part.replace(/^[<[]|[>\]]$/g, '').replace(/\.\.\.$/, '') + (part.includes('...') ? '...' : '')) : /^-/.test(part) ? bold(part) : roffText(part)))
    .join('');
}
