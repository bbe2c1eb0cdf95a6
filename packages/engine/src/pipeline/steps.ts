// Every step a pipeline can report: its title for progress lines, what it is for, and which
// settings it reads. The lists that run, in their order, are with their commands: check.ts,
// refresh.ts, upgrade-steps.ts and release-upgrade-steps.ts, run by run-steps.ts.
import type { StepId } from '../protocol/events.js';
import { _, N_ } from '../text/i18n.js';

export interface StepInfo {
  id: StepId;
  title: string;
  purpose: string;
  /** Settings (ltsp.conf or options) the step reads. */
  reads: string[];
}

const steps: Readonly<Record<StepId, StepInfo>> = {
  session: { id: 'session', title: N_('Prepare the chroot'), purpose: 'lock it, clean a dead run\'s leftovers, mount what the step needs, keep daemons from starting', reads: ['--state-dir'] },
  'dpkg-recover': { id: 'dpkg-recover', title: N_('Finish an interrupted dpkg run'), purpose: 'dpkg --configure -a when a dpkg run was cut short, and apt-get -f install when that stops at dependency problems', reads: [] },
  'apt-update': { id: 'apt-update', title: N_('Refresh the package lists'), purpose: 'apt-get update; any failed source is an error', reads: [] },
  plan: { id: 'plan', title: N_('Work out the updates'), purpose: 'simulate the upgrade, classify security updates, count the download', reads: [] },
  download: { id: 'download', title: N_('Download the updates'), purpose: 'apt-get --download-only into the package cache shared by chroots of the same release and architecture', reads: ['--cache-dir'] },
  install: { id: 'install', title: N_('Install the updates'), purpose: 'apt-get dist-upgrade (or upgrade), keeping local configuration', reads: [] },
  image: { id: 'image', title: N_('Rebuild the image'), purpose: 'ltsp image, when the chroot is served as an image and something changed', reads: ['BASE_DIR', 'TFTP_DIR'] },
  kernel: { id: 'kernel', title: N_('Copy the kernel to TFTP'), purpose: 'ltsp kernel, when the chroot\'s kernel or initrd differs from the TFTP copy', reads: ['TFTP_DIR'] },
  initrd: { id: 'initrd', title: N_('Rebuild the LTSP initrd'), purpose: 'ltsp initrd on the server, when the ltsp package or ltsp.conf changed (LTSP asks for it after every update)', reads: ['TFTP_DIR', 'ltsp.conf'] },
  ipxe: { id: 'ipxe', title: N_('Refresh the iPXE menu and binaries'), purpose: 'ltsp ipxe on the server, when the iPXE binaries changed and LTSP serves its menu', reads: ['TFTP_DIR'] },
  preflight: { id: 'preflight', title: N_('Check the chroot can move'), purpose: 'the target release exists and is newer, dpkg is clean, the mirror serves the release, the space is there', reads: ['--to'] },
  snapshot: { id: 'snapshot', title: N_('Copy the chroot aside'), purpose: 'cp -a --reflink=auto beside it, to swap back if the upgrade fails (--snapshot)', reads: ['--snapshot'] },
  sources: { id: 'sources', title: N_('Point apt at the new release'), purpose: 'rewrite every sources file in its own format; third-party entries are disabled', reads: [] },
  rollback: { id: 'rollback', title: N_('Roll back'), purpose: 'put the original sources back (and the snapshot, if there is one)', reads: [] },
  status: { id: 'status', title: N_('Record the status'), purpose: 'write the status cache that the notifier and the windows read', reads: ['--state-dir'] },
};

/** The title of a step, for progress lines. */
export function stepTitle(id: StepId): string {
  return _(steps[id].title);
}
