// The decisions of LTSP's server-side steps, from what the update changed and what the TFTP
// folder holds (`ltsp` itself runs in test/cli/server.test.ts, on a disposable server).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initrdStep, ipxeStep, type ServerLtspContext } from '../../src/ltsp/server-steps.js';
import { stepIds } from '../../src/pipeline/run-steps.js';
import { upgradeSteps } from '../../src/pipeline/upgrade-steps.js';

/** A server context whose update changed `changed`, with a TFTP folder of its own. */
function context(changed: string[], files: string[] = []): ServerLtspContext {
  const tftpDir = mkdtempSync(path.join(tmpdir(), 'tftp-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(tftpDir, file)), { recursive: true });
    writeFileSync(path.join(tftpDir, file), '');
  }
  return {
    name: 'server',
    emit: () => undefined,
    chroot: { kind: 'server' } as ServerLtspContext['chroot'],
    options: { tftpDir, ltspConf: path.join(tftpDir, 'no-ltsp.conf') } as ServerLtspContext['options'],
    limit: undefined,
    output: () => undefined,
    ltsp: { kernel: true, image: true },
    outcome: { upgraded: changed, installed: [], kernel: { ran: false, reason: '' }, image: { ran: false, reason: '' } },
  };
}

// Debian's ltsp is installed on every machine the tests run on (scripts/setup.sh --test).
describe("LTSP's server-side steps", () => {
  it('refresh the iPXE menu only when the iPXE binaries changed and LTSP serves its menu', async () => {
    expect(await ipxeStep.skip?.(context(['libc6']))).toBe('the iPXE binaries did not change');
    expect(await ipxeStep.skip?.(context(['ipxe']))).toBe('ltsp ipxe was never run on this server');
    const served = context(['ipxe'], ['ltsp/ltsp.ipxe']);
    expect(await ipxeStep.skip?.(served)).toBeNull();
    expect(served.serverStepReason).toBe('the iPXE binaries were updated');
  });

  it('rebuild the initrd when ltsp itself changed, recording a skip in the outcome', async () => {
    const updated = context(['ltsp']);
    expect(await initrdStep.skip?.(updated)).toBeNull();
    expect(updated.serverStepReason).toBe('ltsp was updated');
    const same = context(['libc6'], ['ltsp/ltsp.img']);
    expect(await initrdStep.skip?.(same)).toBe('neither ltsp nor ltsp.conf changed');
    expect(same.outcome.initrd).toEqual({ ran: false, reason: 'neither ltsp nor ltsp.conf changed' });
  });

  it('are not part of a chroot\'s run at all', () => {
    expect(stepIds(upgradeSteps, 'chroot')).not.toContain('initrd');
    expect(stepIds(upgradeSteps, 'server').slice(-3)).toEqual(['initrd', 'ipxe', 'status']);
  });
});
