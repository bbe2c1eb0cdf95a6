// The image step: rebuild <base>/images/NAME.img (`ltsp image`, which keeps NAME.img.old and
// copies the kernels itself) only when the chroot is served as an image and the update changed it.
// @LTSP.CONF: BASE_DIR TFTP_DIR
import type { DescribedChroot } from '../discover/list-chroots.js';
import type { StepDecision } from './kernel-step.js';
import { hasTool } from './tools.js';
import { _, _n } from '../text/i18n.js';

/** Whether to rebuild the image, given how many packages the update installed. */
export function imageStepDecision(chroot: DescribedChroot, changedPackages: number): StepDecision {
  if (chroot.image === null) return { needed: false, reason: _('the chroot is not served as an image') };
  if (changedPackages === 0) return { needed: false, reason: _('nothing was installed, so the image is current') };
  return { needed: true, reason: _n('{count} package changed', '{count} packages changed', changedPackages) };
}

/** The command that rebuilds the image for this chroot's layout, or why there is none. */
export function imageCommand(chroot: DescribedChroot, tftpRoot: string): { file: string; args: string[] } | string {
  if (chroot.layout === 'legacy') {
    return hasTool('ltsp-update-image') ? { file: 'ltsp-update-image', args: [chroot.name] } : 'ltsp-update-image (LTSP5) is not installed';
  }
  return hasTool('ltsp')
    ? { file: 'ltsp', args: ['--base-dir', chroot.baseDir, '--tftp-dir', tftpRoot, 'image', chroot.name] }
    : 'ltsp is not installed (apt-get install ltsp squashfs-tools)';
}
