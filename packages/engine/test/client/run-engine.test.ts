// The client as an unprivileged window uses it. pkexec itself is faked here (a script first on
// PATH) to pin the messages for each of its exit codes; test/gnome/pkexec.test.ts runs the real
// one against a real polkit.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngine } from '../../src/client/run-engine.js';
import type { EngineEvent } from '../../src/protocol/events.js';

function fakePkexec(script: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'pkexec-'));
  writeFileSync(path.join(dir, 'pkexec'), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(dir, 'pkexec'), 0o755);
  return { PATH: `${dir}:/usr/bin:/bin` };
}

async function collect(env: NodeJS.ProcessEnv): Promise<{ events: EngineEvent[]; code: number }> {
  const run = runEngine(['upgrade', '--yes', 'x'], { asRoot: false, env });
  const events: EngineEvent[] = [];
  for await (const event of run.events) events.push(event);
  return { events, code: await run.exitCode };
}

describe('runEngine through pkexec', () => {
  it('gives polkit’s refusal as an error event, from pkexec’s first line', async () => {
    const env = fakePkexec(`echo 'Error executing command as another user: Not authorized' >&2; echo >&2; echo 'This incident has been reported.' >&2; exit 127`);
    const { events, code } = await collect(env);
    expect(code).toBe(127);
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'not-authorized', exitCode: 127 })]);
    expect((events[0] as { message: string }).message).toMatch(/^Not authorized to update the chroots \(Not authorized\)\./);
  });

  it('says so when the password dialog was dismissed', async () => {
    const { events } = await collect(fakePkexec('exit 126'));
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'not-authorized', message: expect.stringMatching(/dismissed/) })]);
  });

  it('passes the engine’s own events through and adds nothing when the engine explained itself', async () => {
    const error = { v: 1, type: 'error', code: 'busy', message: 'x is busy', exitCode: 75 };
    const { events, code } = await collect(fakePkexec(`echo '${JSON.stringify(error)}'; echo 'ltsp-chroot: x is busy' >&2; exit 75`));
    expect(code).toBe(75);
    expect(events).toEqual([error]);
  });

  it('explains a run that died without a word on stdout, from the last line of stderr', async () => {
    const { events } = await collect(fakePkexec(`echo 'first' >&2; echo 'Segmentation fault' >&2; exit 139`));
    expect(events).toEqual([expect.objectContaining({ code: 'internal', message: 'ltsp-chroot stopped with exit code 139: Segmentation fault' })]);
  });

  it('reads a large stderr without stalling the engine', async () => {
    const { code } = await collect(fakePkexec(`yes 'a line of apt output' | head -c 1000000 >&2; exit 0`));
    expect(code).toBe(0);
  });
});

describe('runEngine reading the protocol', () => {
  it('says which side to update when the engine speaks another protocol version, once, and lets the run end', async () => {
    const newer = { v: 2, type: 'step', chroot: 'x', step: 'plan', state: 'started' };
    const { events, code } = await collect(fakePkexec(`echo '${JSON.stringify(newer)}'; echo '${JSON.stringify(newer)}'; exit 0`));
    expect(code).toBe(0);
    expect(events).toEqual([{ v: 1, type: 'error', code: 'protocol-mismatch', exitCode: 1, message: 'ltsp-chroot speaks protocol version 2, this window version 1: update this window to the release of ltsp-chroot' }]);
  });

  it('refuses an event that does not match its schema, naming the field', async () => {
    const unknownCode = { v: 1, type: 'error', code: 'made-up', message: 'x', exitCode: 75 };
    const { events } = await collect(fakePkexec(`echo '${JSON.stringify(unknownCode)}'; exit 75`));
    expect(events).toEqual([expect.objectContaining({ code: 'protocol-mismatch', message: expect.stringMatching(/^ltsp-chroot printed an event this window does not understand \(code: .*\): install the window and ltsp-chroot from the same release$/) })]);
  });

  it('takes an older engine for what it is', async () => {
    const older = { type: 'result', command: 'list', chroots: [], orphanImages: [] };
    const { events } = await collect(fakePkexec(`echo '${JSON.stringify(older)}'; exit 0`));
    expect(events).toEqual([expect.objectContaining({ code: 'protocol-mismatch', message: 'ltsp-chroot speaks protocol version unknown, this window version 1: update ltsp-chroot to the release of this window' })]);
  });
});
