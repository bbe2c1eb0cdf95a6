// Whether this kernel runs 32-bit programs of its own family, found out by running one of ours,
// once per boot: kernels built or booted without IA32 emulation (ia32_emulation=0, or
// CONFIG_IA32_EMULATION off) and arm64 cores without AArch32 refuse them, and no table can know.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeExitCode, probeProgram, type CompatFamily } from './probe-program.js';

export interface KernelCompat {
  /** True when the kernel itself ran the 32-bit test program. */
  runs: boolean;
  /** What happened, for the verdict's reason: "ran", or how it failed. */
  detail: string;
}

interface CacheFile {
  bootId: string;
  results: Partial<Record<CompatFamily, KernelCompat>>;
}

const cacheName = 'kernel-compat.json';

/**
 * Ask the kernel whether it runs `family` programs, answering from `runDir`'s cache when this boot
 * already asked. The caller makes sure no binfmt_misc entry would hand the program to an emulator
 * (binfmt_misc is consulted before the kernel's own ELF loader), so the answer is the kernel's.
 */
export async function kernelCompat(family: CompatFamily, runDir: string): Promise<KernelCompat> {
  const bootId = readBootId();
  const cached = bootId === undefined ? undefined : readCache(runDir, bootId);
  const known = cached?.results[family];
  if (known) return known;
  const result = await runProbe(family, runDir);
  if (bootId !== undefined) writeCache(runDir, { bootId, results: { ...cached?.results, [family]: result } });
  return result;
}

async function runProbe(family: CompatFamily, runDir: string): Promise<KernelCompat> {
  const failures: string[] = [];
  // A private folder for the program; /run can be noexec on hardened hosts, so fall back to the temp dir.
  for (const parent of [runDir, tmpdir()]) {
    let dir: string;
    try {
      mkdirSync(parent, { recursive: true, mode: 0o755 });
      dir = mkdtempSync(path.join(parent, 'probe-'));
    } catch (error) {
      failures.push(`${parent}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    try {
      const program = path.join(dir, `true-${family}`);
      writeFileSync(program, probeProgram(family), { mode: 0o700, flag: 'wx' });
      // Loaded only now: once a boot the answer is in the cache, and `list` then starts no process at all.
      const { runTolerant } = await import('../process/run.js');
      // An empty environment: if execve() refuses the file, execvp() gives it to /bin/sh, which must find nothing to use.
      const result = await runTolerant(program, [], { cleanEnv: true, env: {} });
      if (result.exitCode === probeExitCode) return { runs: true, detail: 'ran' };
      if (result.exitCode === -1 || (result.exitCode === 126 && /permission denied/i.test(result.stderr))) {
        failures.push(`${parent}: not executable there (mounted noexec?)`);
        continue;
      }
      return { runs: false, detail: refusal(result.stderr, result.exitCode) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { runs: false, detail: `the test program could not be started (${failures.join('; ')})` };
}

// execvp()'s shell fallback turns the kernel's ENOEXEC into "not found" (127) or a syntax error.
function refusal(stderr: string, exitCode: number): string {
  if (exitCode === 127 || exitCode === 2 || /exec format error/i.test(stderr)) return 'Exec format error';
  return `the test program exited with ${exitCode}`;
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readCache(runDir: string, bootId: string): CacheFile | undefined {
  const file = path.join(runDir, cacheName);
  try {
    // Only a small regular file that root wrote is trusted; anything else is asked again.
    const info = lstatSync(file);
    if (!info.isFile() || info.size > 4096 || info.uid !== 0) return undefined;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.bootId !== bootId || typeof parsed.results !== 'object' || parsed.results === null) return undefined;
    const results: CacheFile['results'] = {};
    for (const family of ['i386', 'arm'] as const) {
      const entry = (parsed.results as Record<string, unknown>)[family] as Partial<KernelCompat> | undefined;
      if (typeof entry?.runs === 'boolean' && typeof entry.detail === 'string') results[family] = { runs: entry.runs, detail: entry.detail };
    }
    return { bootId, results };
  } catch {
    return undefined;
  }
}

function writeCache(runDir: string, cache: CacheFile): void {
  // Only root keeps the answer: an unprivileged caller cannot write /run, and asks again next time.
  if (process.getuid?.() !== 0) return;
  const file = path.join(runDir, cacheName);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(cache)}\n`, { mode: 0o644, flag: 'wx' });
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}
