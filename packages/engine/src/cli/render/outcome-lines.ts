// The lines under a chroot's outcome that upgrade and release-upgrade share: what the image,
// kernel and server steps did, and how long each phase took.
import { formatDuration } from '../format.js';
import { _f } from '../../text/i18n.js';

interface StepOutcome {
  ran: boolean;
  reason: string;
}

/** "image: rebuilt (…)" or "image: skipped (…)". */
export function imageLine(step: StepOutcome): string {
  return step.ran ? _f('image: rebuilt ({reason})', { reason: step.reason }) : _f('image: skipped ({reason})', { reason: step.reason });
}

/** "kernel: copied to TFTP (…)" or "kernel: skipped (…)". */
export function kernelLine(step: StepOutcome): string {
  return step.ran ? _f('kernel: copied to TFTP ({reason})', { reason: step.reason }) : _f('kernel: skipped ({reason})', { reason: step.reason });
}

/** "ltsp initrd: ran (…)", "ltsp ipxe: skipped (…)". */
export function serverStepLine(command: string, step: StepOutcome): string {
  return step.ran ? _f('{command}: ran ({reason})', { command, reason: step.reason }) : _f('{command}: skipped ({reason})', { command, reason: step.reason });
}

/** "time: install 12.3 s, image 40.1 s". */
export function timeLine(phases: Record<string, number>): string {
  return _f('time: {phases}', { phases: Object.entries(phases).map(([step, ms]) => `${step} ${formatDuration(ms)}`).join(', ') });
}
