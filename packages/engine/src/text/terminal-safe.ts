// Text from a chroot (names, os-release fields, versions, apt's own lines) reaches a terminal only as
// text: control characters and escape sequences could move the cursor, rewrite earlier lines, set the
// window title or, on some terminals, answer back into the shell's input.

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that reorder what is shown.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every control character, escape and bidi override replaced by a visible "?". */
export function terminalSafe(text: string): string {
  return text.replace(unsafe, '?');
}
