// The translation template must hold every marked string of the windows and their shared model.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

/** The msgids of a .pot file (a plural entry counted by its singular). */
async function msgids(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^msgid "(.+)"$/gm)].map((match) => match[1] as string).sort();
}

describe('po/ltsp-update.pot', () => {
  it('is current: scripts/update-pot.sh finds no string it misses, nor one gone', async () => {
    const fresh = path.join(await mkdtemp(path.join(os.tmpdir(), 'pot-')), 'fresh.pot');
    await execa('sh', [path.join(repo, 'scripts/update-pot.sh'), fresh]);
    const [committed, current] = await Promise.all([msgids(path.join(repo, 'po/ltsp-update.pot')), msgids(fresh)]);
    expect(current.length).toBeGreaterThan(30);
    expect(committed, 'run sh scripts/update-pot.sh and commit po/ltsp-update.pot').toEqual(current);
  });
});
