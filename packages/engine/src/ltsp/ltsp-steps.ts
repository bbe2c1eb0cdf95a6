// LTSP's own steps after a chroot changed: the image (`ltsp image`, LTSP5's ltsp-update-image)
// when the chroot is served as one, else the kernels (`ltsp kernel`, ltsp-update-kernels) when the
// chroot's newest kernel or initrd differs from the TFTP copy; each reported as ran or skipped, and why.
import { EngineError } from '../errors/engine-error.js';
import { _, _f } from '../text/i18n.js';
import type { ChrootContext } from '../pipeline/chroot-context.js';
import type { Step } from '../pipeline/run-steps.js';
import { runStreaming } from '../process/run.js';
import type { UpgradeOutcome } from '../protocol/events.js';
import { imagePaths } from '../publish/version-store.js';
import { publishImage } from '../publish/publish.js';
import { imageCommand, imageStepDecision } from './image-step.js';
import { kernelCommand, kernelStepDecision, refuseKernelLinksOutside, type StepDecision } from './kernel-step.js';
import { ltspStepName } from './tools.js';

export type LtspCommand = { file: string; args: string[] };

export interface LtspContext extends ChrootContext {
  /** --no-kernel and --no-image turn them off. */
  readonly ltsp: { kernel: boolean; image: boolean };
  /** What the update changed, and what the two steps did and why. */
  readonly outcome: Pick<UpgradeOutcome, 'upgraded' | 'installed' | 'kernel' | 'image'>;
  /** What the step about to start decided to run, and why. */
  ltspRun?: { command: LtspCommand; reason: string };
}

// The server boots from its own disk: LTSP's image and TFTP kernels are its chroots'.
const serverHasNone = (): StepDecision => ({ needed: false, reason: _('the server boots from its own disk, not from an LTSP image') });

/** `ltsp image` when the chroot is served as an image and the update changed it; it copies the kernels too. */
export const imageStep: Step<LtspContext> = {
  id: 'image',
  // LTSP reads the chroot as it is: nothing of ours may be in it (nor in the image it squashes).
  need: 'lock',
  skip: (context) => {
    const { chroot, outcome } = context;
    if (chroot.kind === 'server') return choose(context, 'image', serverHasNone(), () => serverHasNone().reason);
    const decision = context.ltsp.image ? imageStepDecision(chroot, outcome.upgraded.length + outcome.installed.length) : { needed: false, reason: _('skipped with --no-image') };
    return choose(context, 'image', decision, () => imageCommand(chroot, context.options.tftpDir));
  },
  run: async (context) => {
    const { chroot } = context;
    // Modern LTSP's images are published as versions (publish/); LTSP5's ltsp-update-image keeps its own ways.
    if (chroot.layout === 'legacy') return runChosen(context, 'image');
    const chosen = takeChosen(context, 'image');
    const paths = imagePaths(chroot.baseDir, context.options.tftpDir, chroot.name);
    const log = (message: string) => context.emit({ type: 'log', level: 'info', chroot: context.name, message });
    const published = await publishImage(paths, chroot.path, chosen.command, context.options.keepImages, log, context.output);
    log(`image ${published.version} of ${chroot.name} is live (kernel ${published.kernel})${published.previous ? `; ${published.previous} is kept for rollback` : ''}`);
    context.outcome.image = { ran: true, reason: chosen.reason, version: published.version };
  },
};

/** `ltsp kernel` when the chroot's newest kernel or initrd differs from the TFTP copy, and the image step did not copy them. */
export const kernelStep: Step<LtspContext> = {
  id: 'kernel',
  need: 'lock',
  skip: async (context) => {
    const { chroot } = context;
    if (chroot.kind === 'server') return choose(context, 'kernel', serverHasNone(), () => serverHasNone().reason);
    const decision = !context.ltsp.kernel
      ? { needed: false, reason: _('skipped with --no-kernel') }
      : context.outcome.image.ran
        ? { needed: false, reason: _('ltsp image copied the kernels itself') }
        : await kernelStepDecision(chroot, chroot.tftp.dir);
    return choose(context, 'kernel', decision, () => kernelCommand(chroot, context.options.tftpDir));
  },
  run: (context) => runChosen(context, 'kernel'),
};

/** Why `step` is skipped (recorded in the outcome), or null with the command it will run kept in the context. */
function choose(context: LtspContext, step: 'image' | 'kernel', decision: StepDecision, command: () => LtspCommand | string): string | null {
  const chosen = decision.needed ? command() : decision.reason;
  if (typeof chosen === 'string') {
    context.outcome[step] = { ran: false, reason: chosen };
    return chosen;
  }
  // A kernel link that leads out of the chroot refuses the step before it starts.
  refuseKernelLinksOutside(context.chroot);
  context.ltspRun = { command: chosen, reason: decision.reason };
  return null;
}

function takeChosen(context: LtspContext, step: 'image' | 'kernel'): { command: LtspCommand; reason: string } {
  const chosen = context.ltspRun;
  if (chosen === undefined) throw new EngineError('internal', `the ${step} step of ${context.name} ran without deciding what to run`, { chroot: context.name });
  context.ltspRun = undefined;
  return chosen;
}

async function runChosen(context: LtspContext, step: 'image' | 'kernel'): Promise<void> {
  const chosen = takeChosen(context, step);
  await runLtsp(chosen.command, context.name, context.output);
  context.outcome[step] = { ran: true, reason: chosen.reason };
}

/** Run one of LTSP's own commands for `chroot` (or the server); `label` names it in the error ("ltsp image amd64"). */
export async function runLtsp(command: LtspCommand, chroot: string, output: (line: string) => void, label = `${ltspStepName(command)} ${chroot}`): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // LTSP's own steps run on the host, as LTSP means them to, in a private mount namespace: the
  // mounts `ltsp image` makes go with it, even when it is killed.
  const result = await runStreaming('unshare', ['--mount', '--propagation', 'private', '--', command.file, ...command.args], { env, onLine: (_stream, line) => output(line) });
  if (result.exitCode !== 0) {
    const last = `${result.stderr}\n${result.stdout}`.trim().split('\n').filter(Boolean).at(-1) ?? _f('exit code {code}', { code: String(result.exitCode) });
    throw new EngineError('ltsp-failed', _f('{label} failed: {last}', { label, last }), {
      chroot, command: [command.file, ...command.args].join(' '), exitCode: result.exitCode, stderrTail: result.stderr.trimEnd().split('\n').slice(-8).join('\n'),
    });
  }
}
