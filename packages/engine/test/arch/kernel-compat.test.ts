// The kernel's own answer to the 32-bit test program, kept once per boot under the run dir.
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelCompat } from '../../src/arch/kernel-compat.js';

const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const asRoot = process.getuid?.() === 0;

describe('kernelCompat', () => {
  it('runs the test program and, as root, keeps the answer for this boot', async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'kernel-compat-'));
    const answer = await kernelCompat('i386', runDir);
    expect(answer.detail).toBe(answer.runs ? 'ran' : 'Exec format error');
    const cache = path.join(runDir, 'kernel-compat.json');
    expect(existsSync(cache)).toBe(asRoot);
    if (asRoot) expect(JSON.parse(readFileSync(cache, 'utf8'))).toEqual({ bootId, results: { i386: answer } });
  });

  it.runIf(asRoot)('answers from the cache of this boot, and asks again after a reboot', async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'kernel-compat-'));
    const real = await kernelCompat('i386', runDir);
    const cache = path.join(runDir, 'kernel-compat.json');
    // An answer no kernel gives proves the cache was read rather than the program run.
    writeFileSync(cache, JSON.stringify({ bootId, results: { i386: { runs: !real.runs, detail: 'from the cache' } } }));
    expect(await kernelCompat('i386', runDir)).toEqual({ runs: !real.runs, detail: 'from the cache' });
    writeFileSync(cache, JSON.stringify({ bootId: 'another-boot', results: { i386: { runs: !real.runs, detail: 'from the cache' } } }));
    expect(await kernelCompat('i386', runDir)).toEqual(real);
    writeFileSync(cache, 'not json');
    expect(await kernelCompat('i386', runDir)).toEqual(real);
  });
});
