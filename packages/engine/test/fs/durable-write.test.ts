// Replacing a host file durably: the old or the new one, whole, and never through a link.
import { lstat, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileDurably } from '../../src/fs/durable-write.js';

describe('writeFileDurably', () => {
  it('replaces the file whole and leaves no temp file beside it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'durable-'));
    const file = path.join(dir, 'status.json');
    await writeFile(file, 'old\n');
    writeFileDurably(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readdir(dir)).toEqual(['status.json']);
  });

  it('replaces a link put in its place instead of writing through it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'durable-'));
    await writeFile(path.join(dir, 'elsewhere'), 'keep\n');
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'saved.list'));
    writeFileDurably(path.join(dir, 'saved.list'), 'deb file:/srv/repo bookworm main\n');
    expect(await readFile(path.join(dir, 'elsewhere'), 'utf8')).toBe('keep\n');
    expect((await lstat(path.join(dir, 'saved.list'))).isFile()).toBe(true);
  });
});
