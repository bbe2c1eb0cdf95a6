import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBinfmtEntry, type BinfmtState } from '../../src/arch/binfmt.js';
import { hostVerdict, type HostFacts } from '../../src/arch/host-verdict.js';
import type { CompatFamily } from '../../src/arch/probe-program.js';
import { dashHeader, fixtureText } from '../fixtures/read-fixture.js';

const entry = parseBinfmtEntry('qemu-aarch64', fixtureText('binfmt/qemu-aarch64'));
if (!entry) throw new Error('fixture did not parse');
const root = '/nonexistent-chroot';

// The host's answers are the small boundary faked here; the real probe and binfmt_misc are tested in kernel-compat and test/cli.
function host(arch: string, overrides: Partial<HostFacts> & { kernelRuns?: boolean } = {}): HostFacts & { asked: CompatFamily[] } {
  const asked: CompatFamily[] = [];
  const { kernelRuns = true, ...rest } = overrides;
  return {
    arch,
    binfmt: { state: 'unmounted', entries: [] },
    kernelCompat: async (family) => {
      asked.push(family);
      return kernelRuns ? { runs: true, detail: 'ran' } : { runs: false, detail: 'Exec format error' };
    },
    emulatorFor: () => undefined,
    asked,
    ...rest,
  };
}
const withQemu: BinfmtState = { state: 'enabled', entries: [entry] };

describe('hostVerdict', () => {
  it('runs the host architecture natively, asking the kernel nothing', async () => {
    const amd64 = host('amd64');
    expect(await hostVerdict(amd64, root, 'amd64', () => dashHeader('amd64'))).toMatchObject({ verdict: 'native' });
    expect(amd64.asked).toEqual([]);
  });

  it('runs i386 on amd64 and armhf/armel on arm64 under the linux32 personality when the kernel ran the test program', async () => {
    for (const [arch, family, chroot] of [['amd64', 'i386', 'i386'], ['arm64', 'arm', 'armhf'], ['arm64', 'arm', 'armel']] as const) {
      const facts = host(arch);
      expect(await hostVerdict(facts, root, chroot, () => dashHeader(chroot))).toMatchObject({ verdict: 'compatible', personality: 'linux32' });
      expect(facts.asked).toEqual([family]);
    }
  });

  it('calls i386 unsupported when the kernel refused the test program, saying why and what would change it', async () => {
    const verdict = await hostVerdict(host('amd64', { kernelRuns: false }), root, 'i386', () => dashHeader('i386'));
    expect(verdict.verdict).toBe('unsupported');
    expect(verdict.reason).toMatch(/^this amd64 kernel cannot run 32-bit x86 programs \(a test program got: Exec format error\); IA32 emulation is not built in or is switched off: boot it with ia32_emulation=1; or no i386 emulator is installed: apt-get install qemu-user-static/);
    const arm = await hostVerdict(host('arm64', { kernelRuns: false }), root, 'armhf', () => dashHeader('armhf'));
    expect(arm.reason).toMatch(/^this arm64 kernel cannot run 32-bit ARM programs .*no AArch32 support/);
  });

  it('gives each missing piece of emulation its own fix: the emulator, binfmt_misc mounted, binfmt_misc on, the registration', async () => {
    const emulator = () => '/usr/bin/qemu-aarch64-static';
    const reason = async (facts: HostFacts) => (await hostVerdict(facts, root, 'arm64', () => dashHeader('arm64'))).reason;
    expect(await reason(host('amd64'))).toMatch(/no emulator for arm64 on this amd64 host: no arm64 emulator is installed: apt-get install qemu-user-static binfmt-support$/);
    expect(await reason(host('amd64', { emulatorFor: emulator }))).toMatch(/binfmt_misc is not mounted, so qemu-aarch64-static is never used: mount -t binfmt_misc/);
    expect(await reason(host('amd64', { emulatorFor: emulator, binfmt: { state: 'disabled', entries: [entry] } }))).toMatch(/binfmt_misc is switched off: echo 1 > \/proc\/sys\/fs\/binfmt_misc\/status$/);
    expect(await reason(host('amd64', { emulatorFor: emulator, binfmt: { state: 'enabled', entries: [] } }))).toMatch(/qemu-aarch64-static is installed but not registered with binfmt_misc for arm64: register it .*update-binfmts --enable qemu-aarch64/);
  });

  it('emulates through a registered interpreter that the kernel holds open (F flag)', async () => {
    expect(await hostVerdict(host('amd64', { binfmt: withQemu }), root, 'arm64', () => dashHeader('arm64'))).toMatchObject({
      verdict: 'emulated',
      interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
    });
  });

  it('lets a binfmt_misc entry for i386 decide before the kernel is asked, as the kernel itself does', async () => {
    const i386 = { ...entry, name: 'qemu-i386', interpreter: '/usr/bin/qemu-i386-static', magic: dashHeader('i386').subarray(0, 20), mask: undefined };
    const facts = host('amd64', { binfmt: { state: 'enabled', entries: [i386] } });
    expect(await hostVerdict(facts, root, 'i386', () => dashHeader('i386'))).toMatchObject({ verdict: 'emulated', interpreter: '/usr/bin/qemu-i386-static' });
    expect(facts.asked).toEqual([]);
  });

  it('without the F flag, emulates only when the interpreter is inside the chroot', async () => {
    const lazy = host('amd64', { binfmt: { state: 'enabled', entries: [{ ...entry, flags: 'P' }] } });
    expect((await hostVerdict(lazy, root, 'arm64', () => dashHeader('arm64'))).reason).toMatch(/neither preloaded \(F flag\) nor inside the chroot/);
    const chroot = await mkdtemp(path.join(tmpdir(), 'verdict-'));
    const interpreter = path.join(chroot, entry.interpreter);
    await mkdir(path.dirname(interpreter), { recursive: true });
    await writeFile(interpreter, '');
    await chmod(interpreter, 0o755);
    expect((await hostVerdict(lazy, chroot, 'arm64', () => dashHeader('arm64'))).verdict).toBe('emulated');
  });

  it('ignores disabled entries and entries for other architectures', async () => {
    const disabled = host('amd64', { binfmt: { state: 'enabled', entries: [{ ...entry, enabled: false }] } });
    expect((await hostVerdict(disabled, root, 'arm64', () => dashHeader('arm64'))).verdict).toBe('unsupported');
    expect((await hostVerdict(host('amd64', { binfmt: withQemu }), root, 's390x', () => dashHeader('s390x'))).reason).toMatch(/no emulator for s390x/);
  });

  it('cannot say anything for an unknown architecture', async () => {
    expect(await hostVerdict(host('amd64', { binfmt: withQemu }), root, undefined, () => undefined)).toMatchObject({ verdict: 'unsupported' });
  });
});
