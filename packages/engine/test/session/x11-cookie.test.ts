// The caller's X cookie is read as the caller could read it: a regular file of theirs, bounded.
// A path the caller chose (XAUTHORITY under pkexec) never becomes a read of something else as root.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readX11Cookie } from '../../src/session/x11-cookie.js';

const dir = mkdtempSync(path.join(tmpdir(), 'x11-cookie-'));
const me = process.getuid?.() ?? 0;

describe('readX11Cookie', () => {
  it("reads a regular file the caller owns, and nobody else's", () => {
    const cookie = path.join(dir, 'Xauthority');
    writeFileSync(cookie, Buffer.from([0x01, 0x00, 0x00, 0x04]));
    expect(readX11Cookie(cookie, undefined)).toEqual(Buffer.from([0x01, 0x00, 0x00, 0x04]));
    expect(readX11Cookie(cookie, me)).toEqual(Buffer.from([0x01, 0x00, 0x00, 0x04]));
    expect(readX11Cookie(cookie, me + 1)).toBeUndefined();
  });

  it('refuses a link, a FIFO, a device, a folder and an oversized file, without blocking', () => {
    const target = path.join(dir, 'target');
    writeFileSync(target, 'secret');
    symlinkSync(target, path.join(dir, 'link'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    writeFileSync(path.join(dir, 'big'), Buffer.alloc(65 * 1024));
    for (const file of [path.join(dir, 'link'), path.join(dir, 'fifo'), '/dev/zero', dir, path.join(dir, 'big'), path.join(dir, 'none')]) {
      expect(readX11Cookie(file, undefined), file).toBeUndefined();
    }
  });
});
