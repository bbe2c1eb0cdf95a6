// The engine's 32-bit test programs are real programs: run through qemu they exit with the probe's code,
// and given to /bin/sh (what execvp does with a file the kernel refuses) they cannot.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { elfIdentity } from '../../src/arch/elf.js';
import { probeExitCode, probeProgram } from '../../src/arch/probe-program.js';

const dir = mkdtempSync(path.join(tmpdir(), 'probe-program-'));
function written(family: 'i386' | 'arm'): string {
  const file = path.join(dir, family);
  writeFileSync(file, probeProgram(family), { mode: 0o755 });
  return file;
}

describe('probeProgram', () => {
  it.each([['i386', 'i386', 'qemu-i386-static'], ['arm', 'armel', 'qemu-arm-static']] as const)('%s: a valid %s ELF that %s runs to exit code 42', (family, arch, qemu) => {
    const program = probeProgram(family);
    expect(elfIdentity(program)).toMatchObject({ arch, bits: 32, littleEndian: true });
    // Emulators are asked directly, never through binfmt_misc: that would not prove the bytes are right.
    const result = spawnSync(qemu, [written(family)]);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(probeExitCode);
  });

  it.each(['i386', 'arm'] as const)('%s: read by /bin/sh as a script, it cannot give the exit code that means "ran"', (family) => {
    const result = spawnSync('/bin/sh', [written(family)], { env: {} });
    expect(result.status).not.toBe(probeExitCode);
    expect(result.status).not.toBe(0);
  });

  it('is tiny and has no section headers a loader could trip on', () => {
    for (const family of ['i386', 'arm'] as const) {
      const program = probeProgram(family);
      expect(program.length).toBeLessThan(128);
      expect(program.readUInt32LE(32)).toBe(0);
    }
    expect(execFileSync('readelf', ['-h', written('i386')], { encoding: 'utf8' })).toMatch(/Intel 80386/);
  });
});
