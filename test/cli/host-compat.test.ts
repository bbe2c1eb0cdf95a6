// What the engine does with a chroot whose programs this host may not run: the verdict matches what the
// kernel really does (probed here without the engine's code), and what cannot run is refused with the
// unsupported-architecture code and no mount left, never reported as an apt failure.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture, mountsUnder } from '../helpers/fixtures.js';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { hostI386, ownBinfmtWorks } from '../helpers/host-probe.js';
import { reducedForm } from '../helpers/reduced-form.js';
import { useScratchTree } from '../helpers/scratch-tree.js';
import { programFile } from '../helpers/programs.js';

const tree = useScratchTree('host-compat');
const cli = programFile('ltsp-chroot');
const ownBinfmt = path.resolve(import.meta.dirname, '../fixtures/own-binfmt.sh');
const kernelRefuses = 'this kernel cannot run i386 programs and no emulator for them is registered';

beforeAll(async () => {
  await copyChroot(fixture('bookworm', 'i386', 'minbase'), path.join(tree.base, 'i386'));
  // A chroot that says amd64 but whose dynamic loader is gone: nothing in it can start.
  const broken = await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'noloader'));
  await rm(path.join(broken, 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'));
});

function common(): string[] {
  return ['--base-dir', tree.base, '--state-dir', tree.state];
}

describe('an i386 chroot on this host', () => {
  it('is listed with the verdict the kernel gives, and a reason that says what would change it', async () => {
    const result = await ltspChroot(['list', '--json', ...common()]);
    expect(result.exitCode).toBe(0);
    const i386 = (lastEvent(result.stdout)['chroots'] as { name: string; verdict: string; verdictReason: string }[]).find((chroot) => chroot.name === 'i386');
    const expected = hostI386();
    expect(i386?.verdict).toBe(expected);
    if (expected === 'compatible') expect(i386?.verdictReason).toBe('runs under the 32-bit personality of this amd64 host');
    if (expected === 'emulated') expect(i386?.verdictReason).toMatch(/^runs through \S+ \(binfmt_misc /);
    if (expected === 'unsupported') {
      expect(i386?.verdictReason).toMatch(/^this amd64 kernel cannot run 32-bit x86 programs \(a test program got: Exec format error\); IA32 emulation is not built in or is switched off: boot it with ia32_emulation=1; or /);
    }
  });

  it('runs exec, check and upgrade where the kernel runs it, and refuses each with its exit code and no mount where it does not', async () => {
    const expected = hostI386();
    const exec = await ltspChroot(['exec', ...common(), 'i386', '--', 'uname', '-m']);
    const check = await ltspChroot(['check', '--json', ...common(), 'i386']);
    const upgrade = await ltspChroot(['upgrade', '--json', '--yes', ...common(), 'i386']);
    expect(await mountsUnder(tree.root)).toEqual([]);
    if (expected === 'compatible') {
      expect(exec).toMatchObject({ exitCode: 0, stdout: 'i686' });
      expect(check.exitCode).toBe(0);
      expect(upgrade.exitCode).toBe(0);
      return;
    }
    reducedForm(expected === 'emulated' ? 'an i386 emulator is registered on this host, so i386 chroots need --allow-emulated' : kernelRefuses);
    const code = expected === 'emulated' ? 68 : 69;
    for (const result of [exec, check, upgrade]) {
      expect(result.exitCode).toBe(code);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(exec.stderr).toMatch(expected === 'emulated' ? /would run under emulation; add --allow-emulated/ : /^ltsp-chroot: i386 cannot run here: this amd64 kernel cannot run 32-bit x86 programs/);
    expect(lastEvent(check.stdout)).toMatchObject({ type: 'error', code: expected === 'emulated' ? 'emulation-not-allowed' : 'unsupported-arch', exitCode: code });
  });

  it('runs through qemu, opted into, where its user namespace registers an emulator, and leaves the host binfmt_misc alone', async () => {
    if (!ownBinfmtWorks()) {
      reducedForm('this kernel gives user namespaces no binfmt_misc of their own (Linux 6.7 or later does)');
      const result = await execa('sh', [ownBinfmt, 'i386', 'true'], { reject: false });
      expect(result.exitCode).toBe(3);
      return;
    }
    const hostEntries = await execa('ls', ['/proc/sys/fs/binfmt_misc'], { reject: false });
    const inNamespace = (args: string[]) => execa('sh', [ownBinfmt, 'i386', process.execPath, cli, ...args], { reject: false });
    const list = await inNamespace(['list', '--json', ...common()]);
    const i386 = (lastEvent(list.stdout)['chroots'] as { name: string; verdict: string; verdictReason: string }[]).find((chroot) => chroot.name === 'i386');
    expect(i386).toMatchObject({ verdict: 'emulated', verdictReason: 'runs through qemu-i386-static (binfmt_misc qemu-i386)' });
    const refused = await inNamespace(['exec', ...common(), 'i386', '--', 'uname', '-m']);
    expect(refused.exitCode).toBe(68);
    const emulated = await inNamespace(['exec', '--allow-emulated', ...common(), 'i386', '--', 'sh', '-c', 'uname -m; dpkg --print-architecture']);
    expect(emulated.stderr).toBe('');
    expect(emulated).toMatchObject({ exitCode: 0, stdout: 'i686\ni386' });
    expect(await mountsUnder(tree.root)).toEqual([]);
    expect((await execa('ls', ['/proc/sys/fs/binfmt_misc'], { reject: false })).stdout).toBe(hostEntries.stdout);
  });
});

describe('a chroot whose programs cannot start', () => {
  it('is named as such with the unsupported-architecture code, not as an apt failure, and keeps no mount', async () => {
    for (const args of [['check', '--json'], ['upgrade', '--json', '--yes']]) {
      const result = await ltspChroot([...args, ...common(), 'noloader']);
      expect(result.exitCode).toBe(69);
      const chroot = (lastEvent(result.stdout)['chroots'] as { status?: { lastError: unknown }; lastError?: unknown }[])[0];
      // check gives the status entry itself, upgrade its outcome with the status inside. A plan
      // starts the chroot's own shell, which runs apt-get and apt-cache (apt-conversation.ts):
      // the shell is the program that does not start; other steps name theirs.
      expect(chroot?.status?.lastError ?? chroot?.lastError).toMatchObject({
        code: 'unsupported-arch',
        message: expect.stringMatching(/^noloader's programs cannot run on this host: (sh|apt-get|apt-cache|dpkg) did not start \(No such file or directory\)$/),
      });
      expect(result.stderr).not.toMatch(/exit code 12[67]/);
      expect(await mountsUnder(tree.root)).toEqual([]);
    }
  });
});
