import { describe, expect, it } from 'vitest';
import { richTextOf } from '../src/rich-text.js';

describe('richTextOf', () => {
  it('escapes what Qt would read as markup, and marks the result as rich text so the entities show as characters', () => {
    expect(richTextOf('<b>bookworm</b> & "friends"')).toBe('<qt>&lt;b&gt;bookworm&lt;/b&gt; &amp; &quot;friends&quot;</qt>');
    expect(richTextOf('3 updates (1 security)')).toBe('<qt>3 updates (1 security)</qt>');
  });
});
