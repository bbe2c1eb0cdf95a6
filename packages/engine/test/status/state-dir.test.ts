import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/session/journal.js';
import { ensureStateDir } from '../../src/status/state-dir.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the state folder', () => {
  it('is readable by anyone, with private journals, whichever writer makes it first', () => {
    const stateDir = path.join(mkdtempSync(path.join(tmpdir(), 'state-')), 'ltsp-update');
    // A session's journal is often the first writer: it must not make the whole folder private.
    Journal.create(stateDir, '/srv/ltsp/x', 'x').record({ op: 'mkdir', path: '/srv/ltsp/x/tmp/y' });
    expect(mode(stateDir)).toBe(0o755);
    expect(mode(path.join(stateDir, 'sessions'))).toBe(0o700);
  });

  it('opens a folder an earlier version left private', () => {
    const stateDir = path.join(mkdtempSync(path.join(tmpdir(), 'state-')), 'ltsp-update');
    mkdirSync(stateDir, { mode: 0o700 });
    expect(ensureStateDir(stateDir, 'locks')).toBe(path.join(stateDir, 'locks'));
    expect(mode(stateDir)).toBe(0o755);
    expect(mode(path.join(stateDir, 'locks'))).toBe(0o700);
  });
});
