// The kernel step: copy the chroot's kernel and initrd to TFTP (`ltsp kernel`) only when they changed.
// @LTSP.CONF: TFTP_DIR
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import { leadsOutside, listInsideRoot } from '../fs/inside-root.js';
import { newestKernel } from '../discover/kernels.js';
import { sameContent } from './same-content.js';
import { hasTool } from './tools.js';

export interface StepDecision {
  needed: boolean;
  reason: string;
}

/** Whether the TFTP copy differs from the chroot's newest kernel or initrd (by content, not time). */
export async function kernelStepDecision(chroot: DescribedChroot, tftpDir: string | null): Promise<StepDecision> {
  const kernel = await newestKernel(chroot.path);
  if (kernel === undefined) return { needed: false, reason: _('the chroot has no kernel in /boot') };
  if (tftpDir === null || !existsSync(path.join(tftpDir, 'vmlinuz'))) return { needed: true, reason: _('there is no TFTP copy yet') };
  if (!(await sameContent(kernel.vmlinuz, path.join(tftpDir, 'vmlinuz')))) {
    return { needed: true, reason: _f('the TFTP copy is not kernel {version}', { version: kernel.version }) };
  }
  if (kernel.initrd !== null && !(await sameContent(kernel.initrd, path.join(tftpDir, 'initrd.img')))) {
    return { needed: true, reason: _f('the initrd of {version} changed', { version: kernel.version }) };
  }
  return { needed: false, reason: _f('kernel {version} and its initrd are current in TFTP', { version: kernel.version }) };
}

/**
 * LTSP's kernel and image steps run on the host and follow the chroot's kernel links as the host
 * sees them: a boot/vmlinuz-* (or /vmlinuz, /initrd.img) link to a host file would be published
 * over TFTP. Refuse the step when any of them leads anywhere but where it leads the chroot.
 */
export function refuseKernelLinksOutside(chroot: DescribedChroot): void {
  const boot = listInsideRoot(chroot.path, '/boot') ?? [];
  const candidates = [
    '/boot',
    ...['vmlinuz', 'vmlinuz.old', 'initrd.img', 'initrd.img.old'].map((name) => `/${name}`),
    ...boot.filter((name) => /^(vmlinuz|initrd\.img)/.test(name)).map((name) => `/boot/${name}`),
  ];
  const outside = candidates.find((inner) => leadsOutside(chroot.path, inner));
  if (outside !== undefined) {
    throw new EngineError('unsafe-chroot', _f('refusing LTSP\'s kernel and image steps for {chroot}: {outside} is a link that leads outside the chroot on the host; make it a file or a link inside the chroot', { chroot: chroot.name, outside }), { chroot: chroot.name, step: 'kernel' });
  }
}

/** The command that copies the kernels for this chroot's layout, or why there is none. */
export function kernelCommand(chroot: DescribedChroot, tftpRoot: string): { file: string; args: string[] } | string {
  if (chroot.layout === 'legacy') {
    return hasTool('ltsp-update-kernels') ? { file: 'ltsp-update-kernels', args: [chroot.name] } : 'ltsp-update-kernels (LTSP5) is not installed';
  }
  return hasTool('ltsp')
    ? { file: 'ltsp', args: ['--base-dir', chroot.baseDir, '--tftp-dir', tftpRoot, 'kernel', chroot.name] }
    : 'ltsp is not installed (apt-get install ltsp)';
}
