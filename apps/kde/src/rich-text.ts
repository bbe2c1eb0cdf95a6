// Qt shows a tooltip as rich text when it merely looks like HTML; text from a chroot must show as written.

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** `text` as Qt rich text that displays exactly `text`: escaped, and marked as rich so the entities are read. */
export function richTextOf(text: string): string {
  return `<qt>${text.replace(/[&<>"]/g, (char) => entities[char] ?? char)}</qt>`;
}
