// `ltsp-chroot publish NAME`: what `ltsp image NAME` does, as a new version beside the others,
// switched to only once it passed the boot check (publish/). The upgrade's image step does the
// same after an update that changed packages.
import { describeOne } from '../../discover/list-chroots.js';
import { EngineError } from '../../errors/engine-error.js';
import { _f } from '../../text/i18n.js';
import { imageCommand } from '../../ltsp/image-step.js';
import { refuseKernelLinksOutside } from '../../ltsp/kernel-step.js';
import { publishImage } from '../../publish/publish.js';
import { imagePaths } from '../../publish/version-store.js';
import { lockChroot } from '../../session/lock.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { emit, writeOut } from '../output.js';

export async function publishCommand(name: string, flags: GlobalFlags): Promise<number> {
  requireRoot('publish');
  const options = await engineOptions(flags);
  const chroot = await describeOne(options, name);
  if (chroot.layout === 'legacy') {
    throw new EngineError('usage', _f('{name} is an LTSP5 chroot: its image is LTSP5\'s own (ltsp-update-image {name}), not published as versions', { name }), { chroot: name });
  }
  const command = imageCommand(chroot, options.tftpDir);
  if (typeof command === 'string') throw new EngineError('missing-tool', command, { chroot: name });
  refuseKernelLinksOutside(chroot);
  const lock = await lockChroot(chroot.path, name, options.stateDir);
  try {
    const say = (line: string) => (flags.json ? emit({ type: 'log', level: 'info', chroot: name, message: line }) : writeOut(`${line}\n`));
    const output = (line: string) => (flags.json ? emit({ type: 'log', level: 'output', chroot: name, message: line }) : undefined);
    const paths = imagePaths(chroot.baseDir, options.tftpDir, name);
    const published = await publishImage(paths, chroot.path, command, options.keepImages, say, output);
    if (flags.json) {
      emit({ type: 'result', command: 'publish', chroot: name, ...published });
    } else {
      writeOut(`${_f('{chroot}: image {version} is live, with kernel {kernel}', { chroot: name, version: published.version, kernel: published.kernel })}\n`);
      if (published.previous !== null) writeOut(`${_f('{chroot}: {version} is kept: "ltsp-chroot rollback {chroot}" switches back to it', { chroot: name, version: published.previous })}\n`);
      for (const version of published.removed) writeOut(`${_f('{chroot}: removed the old version {version}', { chroot: name, version })}\n`);
    }
    return 0;
  } finally {
    lock.release();
  }
}
