import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBinfmtEntry, type BinfmtState } from '../../src/arch/binfmt.js';
import { hostVerdict } from '../../src/arch/host-verdict.js';
import { dashHeader, fixtureText } from '../fixtures/read-fixture.js';

const none: BinfmtState = { available: false, entries: [] };
const entry = parseBinfmtEntry('qemu-aarch64', fixtureText('binfmt/qemu-aarch64'));
if (!entry) throw new Error('fixture did not parse');
const withQemu: BinfmtState = { available: true, entries: [entry] };
const root = '/nonexistent-chroot';

describe('hostVerdict', () => {
  it('runs the host architecture natively', async () => {
    expect(await hostVerdict('amd64', root, 'amd64', () => dashHeader('amd64'), none)).toMatchObject({ verdict: 'native' });
  });

  it('runs i386 on amd64 and armhf/armel on arm64 under the linux32 personality', async () => {
    for (const [host, arch] of [['amd64', 'i386'], ['arm64', 'armhf'], ['arm64', 'armel']] as const) {
      expect(await hostVerdict(host, root, arch, () => dashHeader(arch), none)).toMatchObject({ verdict: 'compatible', personality: 'linux32' });
    }
  });

  it('needs binfmt_misc for anything else', async () => {
    const verdict = await hostVerdict('amd64', root, 'arm64', () => dashHeader('arm64'), none);
    expect(verdict.verdict).toBe('unsupported');
    expect(verdict.reason).toMatch(/binfmt_misc is not available \(install qemu-user-static/);
  });

  it('emulates through a registered interpreter that the kernel holds open (F flag)', async () => {
    expect(await hostVerdict('amd64', root, 'arm64', () => dashHeader('arm64'), withQemu)).toMatchObject({
      verdict: 'emulated',
      interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
    });
  });

  it('without the F flag, emulates only when the interpreter is inside the chroot', async () => {
    const lazy: BinfmtState = { available: true, entries: [{ ...entry, flags: 'P' }] };
    expect((await hostVerdict('amd64', root, 'arm64', () => dashHeader('arm64'), lazy)).verdict).toBe('unsupported');
    const chroot = await mkdtemp(path.join(tmpdir(), 'verdict-'));
    const interpreter = path.join(chroot, entry.interpreter);
    await mkdir(path.dirname(interpreter), { recursive: true });
    await writeFile(interpreter, '');
    await chmod(interpreter, 0o755);
    expect((await hostVerdict('amd64', chroot, 'arm64', () => dashHeader('arm64'), lazy)).verdict).toBe('emulated');
  });

  it('ignores disabled entries and entries for other architectures', async () => {
    const disabled: BinfmtState = { available: true, entries: [{ ...entry, enabled: false }] };
    expect((await hostVerdict('amd64', root, 'arm64', () => dashHeader('arm64'), disabled)).verdict).toBe('unsupported');
    expect((await hostVerdict('amd64', root, 's390x', () => dashHeader('s390x'), withQemu)).reason).toMatch(/none is registered with binfmt_misc/);
  });

  it('cannot say anything for an unknown architecture', async () => {
    expect(await hostVerdict('amd64', root, undefined, () => undefined, withQemu)).toMatchObject({ verdict: 'unsupported' });
  });
});
