import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, parseJournal, readJournals } from '../../src/session/journal.js';

describe('the session journal', () => {
  it('records each entry durably, in order, under the state dir', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'journal-'));
    const journal = Journal.create(state, '/srv/ltsp/x', 'x');
    journal.record({ op: 'mount', target: '/srv/ltsp/x/proc', what: 'proc' });
    journal.record({ op: 'swap', path: '/srv/ltsp/x/etc/resolv.conf', backup: null });
    const [read] = readJournals(state);
    expect(read?.header).toMatchObject({ op: 'header', chroot: '/srv/ltsp/x', name: 'x', pid: process.pid });
    expect(read?.entries).toEqual(journal.entries);
    journal.remove();
    expect(readJournals(state)).toEqual([]);
  });

  it('ignores a line torn by a crash while it was written', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'journal-'));
    const journal = Journal.create(state, '/srv/ltsp/x', 'x');
    journal.record({ op: 'mount', target: '/srv/ltsp/x/proc', what: 'proc' });
    await writeFile(journal.file, `${await readFile(journal.file, 'utf8')}{"op":"mount","tar`);
    expect(readJournals(state)[0]?.entries).toEqual([{ op: 'mount', target: '/srv/ltsp/x/proc', what: 'proc' }]);
  });

  it('rejects a file without a header', () => {
    expect(parseJournal('{"op":"mount","target":"/x","what":"proc"}\n')).toBeUndefined();
  });
});
