// LTSP's own steps after a chroot changed: the image (`ltsp image`, LTSP5's ltsp-update-image)
// when the chroot is served as one, else the kernels (`ltsp kernel`, ltsp-update-kernels) when the
// chroot's newest kernel or initrd differs from the TFTP copy; each reported as ran or skipped, and why.
import type { NormalizedOptions } from '../config/options.js';
import type { DescribedChroot } from '../discover/list-chroots.js';
import { EngineError } from '../errors/engine-error.js';
import { skipStep, type Emit } from '../pipeline/emit.js';
import { runStreaming } from '../process/run.js';
import type { UpgradeOutcome } from '../protocol/events.js';
import { imageCommand, imageStepDecision } from './image-step.js';
import { kernelCommand, kernelStepDecision, refuseKernelLinksOutside } from './kernel-step.js';
import { ltspStepName } from './tools.js';

/** The image step, then the kernel step, each only when needed; what ran and why goes into `outcome`. */
export async function ltspSteps(
  chroot: DescribedChroot,
  options: NormalizedOptions,
  emit: Emit,
  upgrade: { kernel: boolean; image: boolean },
  outcome: Pick<UpgradeOutcome, 'upgraded' | 'installed' | 'kernel' | 'image'>,
  timed: <T>(step: 'kernel' | 'image', work: () => Promise<T>) => Promise<T>,
  output: (line: string) => void,
): Promise<void> {
  const name = chroot.name;
  const changed = outcome.upgraded.length + outcome.installed.length;
  const image = upgrade.image ? imageStepDecision(chroot, changed) : { needed: false, reason: 'skipped with --no-image' };
  let imageRan = false;
  if (image.needed) {
    const command = imageCommand(chroot, options.tftpDir);
    if (typeof command === 'string') {
      outcome.image = { ran: false, reason: command };
      skipStep(emit, name, 'image', command);
    } else {
      refuseKernelLinksOutside(chroot);
      await timed('image', () => runLtsp(command, name, output));
      outcome.image = { ran: true, reason: image.reason };
      imageRan = true;
    }
  } else {
    outcome.image = { ran: false, reason: image.reason };
    skipStep(emit, name, 'image', image.reason);
  }
  if (!upgrade.kernel) {
    outcome.kernel = { ran: false, reason: 'skipped with --no-kernel' };
  } else if (imageRan) {
    outcome.kernel = { ran: false, reason: 'ltsp image copied the kernels itself' };
  } else {
    const decision = await kernelStepDecision(chroot, chroot.tftp.dir);
    const command = decision.needed ? kernelCommand(chroot, options.tftpDir) : decision.reason;
    if (typeof command === 'string') {
      outcome.kernel = { ran: false, reason: command };
    } else {
      refuseKernelLinksOutside(chroot);
      await timed('kernel', () => runLtsp(command, name, output));
      outcome.kernel = { ran: true, reason: decision.reason };
    }
  }
  if (!outcome.kernel.ran) skipStep(emit, name, 'kernel', outcome.kernel.reason);
}

async function runLtsp(command: { file: string; args: string[] }, chroot: string, output: (line: string) => void): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // LTSP's own steps run on the host, as LTSP means them to, in a private mount namespace: the
  // mounts `ltsp image` makes go with it, even when it is killed.
  const result = await runStreaming('unshare', ['--mount', '--propagation', 'private', '--', command.file, ...command.args], { env, onLine: (_stream, line) => output(line) });
  if (result.exitCode !== 0) {
    const last = `${result.stderr}\n${result.stdout}`.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${result.exitCode}`;
    throw new EngineError('ltsp-failed', `${ltspStepName(command)} ${chroot} failed: ${last}`, {
      chroot, command: [command.file, ...command.args].join(' '), exitCode: result.exitCode, stderrTail: result.stderr.trimEnd().split('\n').slice(-8).join('\n'),
    });
  }
}
