// Shows the pipeline's events to a person: a line per step, and a live progress bar on a terminal.
import { SingleBar } from 'cli-progress';
import type { Emit } from '../../pipeline/emit.js';
import { stepTitle } from '../../pipeline/steps.js';
import { formatDuration } from '../format.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import { _f } from '../../text/i18n.js';

// Steps that take long enough to be worth a line when they start.
const slowSteps = new Set(['dpkg-recover', 'apt-update', 'download', 'install', 'image', 'kernel']);

/** An Emit that writes human lines to stderr (stdout stays for the result). */
export function humanEvents(output: NodeJS.WriteStream = process.stderr): Emit {
  const tty = Boolean(output.isTTY);
  // Chroot names and apt's messages reach the terminal as text only.
  const stream = { write: (text: string) => output.write(terminalSafe(text)) };
  let bar: SingleBar | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return (event) => {
    if (event.type === 'progress') {
      if (!tty) return;
      if (!bar) {
        bar = new SingleBar({ format: `${terminalSafe(event.chroot).replace(/[{}]/g, '?')}: {bar} {percentage}% {message}`, stream: output, hideCursor: true, clearOnComplete: true, barsize: 30 });
        bar.start(100, 0, { message: '' });
      }
      bar.update(Math.round(event.percent), { message: terminalSafe(event.message.slice(0, 50)) });
      return;
    }
    if (event.type === 'step') {
      if (event.chroot === '*') return;
      stopBar();
      const title = stepTitle(event.step);
      if (event.state === 'started' && slowSteps.has(event.step)) stream.write(`${event.chroot}: ${title}…\n`);
      if (event.state === 'done' && (event.durationMs ?? 0) >= 1000) stream.write(`${_f('{chroot}: {step}: done in {duration}', { chroot: event.chroot, step: title, duration: formatDuration(event.durationMs ?? 0) })}\n`);
      if (event.state === 'skipped') stream.write(`${_f('{chroot}: {step}: skipped, {reason}', { chroot: event.chroot, step: title, reason: event.message })}\n`);
      if (event.state === 'failed') stream.write(`${_f('{chroot}: {step}: failed: {message}', { chroot: event.chroot, step: title, message: event.message })}\n`);
      return;
    }
    if (event.type === 'log' && event.level === 'warning') {
      stopBar();
      stream.write(`${event.chroot ? `${event.chroot}: ` : ''}${event.message}\n`);
    }
  };
}
