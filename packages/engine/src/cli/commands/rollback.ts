// `ltsp-chroot rollback NAME [--to VERSION]`: the live image, kernel and initrd back to a version
// kept beside them, in one switch (publish/switch-live.ts). The windows' "Roll back" asks for it.
import { describeOne } from '../../discover/list-chroots.js';
import { rollbackImage } from '../../publish/publish.js';
import { imagePaths } from '../../publish/version-store.js';
import { lockChroot } from '../../session/lock.js';
import { engineOptions, requireRoot, type GlobalFlags } from '../global-options.js';
import { emit, writeOut } from '../output.js';
import { _f } from '../../text/i18n.js';

export async function rollbackCommand(name: string, flags: GlobalFlags & { to?: string }): Promise<number> {
  requireRoot('rollback');
  const options = await engineOptions(flags);
  const chroot = await describeOne(options, name);
  const lock = await lockChroot(chroot.path, name, options.stateDir);
  try {
    const say = (line: string) => (flags.json ? emit({ type: 'log', level: 'info', chroot: name, message: line }) : writeOut(`${line}\n`));
    const done = rollbackImage(imagePaths(chroot.baseDir, options.tftpDir, name), flags.to, say);
    if (flags.json) emit({ type: 'result', command: 'rollback', chroot: name, ...done });
    else if (done.from === done.to) writeOut(`${_f('{chroot}: image {version} is live already', { chroot: name, version: done.to })}\n`);
    else writeOut(`${done.kernel === null
      ? _f('{chroot}: image {version} is live again (was {previous}); clients get it at their next boot', { chroot: name, version: done.to, previous: done.from })
      : _f('{chroot}: image {version} is live again, with kernel {kernel} (was {previous}); clients get it at their next boot', { chroot: name, version: done.to, kernel: done.kernel, previous: done.from })}\n`);
    return 0;
  } finally {
    lock.release();
  }
}
