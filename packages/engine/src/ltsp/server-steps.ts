// LTSP's server-side steps after the server itself was updated: `ltsp initrd` when the ltsp
// package (or ltsp.conf) changed, as LTSP's own documentation asks after every LTSP update, so
// clients boot with the new LTSP code and settings; `ltsp ipxe` when the iPXE binaries changed
// and LTSP serves its iPXE menu. Each is reported like the image and kernel steps: ran, or skipped and why.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Step } from '../pipeline/run-steps.js';
import type { StepOutcome } from '../protocol/events.js';
import type { LtspContext } from './ltsp-steps.js';
import { runLtsp } from './ltsp-steps.js';
import { hasTool } from './tools.js';
import { _ } from '../text/i18n.js';

export interface ServerLtspContext extends LtspContext {
  readonly outcome: LtspContext['outcome'] & { initrd?: StepOutcome; ipxe?: StepOutcome };
  /** Why the server step about to start runs. */
  serverStepReason?: string;
}

/** What a step decided: run (with the reason) or skip (with the reason). */
interface Decision {
  run: boolean;
  reason: string;
}

/** `ltsp initrd`, after an update of the ltsp package or a change of ltsp.conf since the last one. */
export const initrdStep: Step<ServerLtspContext> = {
  id: 'initrd',
  kind: 'server',
  skip: (context) => decided(context, 'initrd', initrdDecision(context)),
  run: (context) => runServerStep(context, 'initrd'),
};

/** `ltsp ipxe`, after an update of the iPXE binaries, where LTSP's iPXE menu is served. */
export const ipxeStep: Step<ServerLtspContext> = {
  id: 'ipxe',
  kind: 'server',
  skip: (context) => decided(context, 'ipxe', ipxeDecision(context)),
  run: (context) => runServerStep(context, 'ipxe'),
};

function changed(context: ServerLtspContext, name: string): boolean {
  return context.outcome.upgraded.includes(name) || context.outcome.installed.includes(name);
}

function initrdDecision(context: ServerLtspContext): Decision {
  if (!hasTool('ltsp')) return { run: false, reason: _('ltsp is not installed on this server') };
  if (changed(context, 'ltsp')) return { run: true, reason: _('ltsp was updated') };
  const image = modified(path.join(context.options.tftpDir, 'ltsp/ltsp.img'));
  const conf = modified(context.options.ltspConf);
  if (conf !== undefined && image !== undefined && conf > image) return { run: true, reason: _('ltsp.conf changed since the last ltsp initrd') };
  return { run: false, reason: _('neither ltsp nor ltsp.conf changed') };
}

function ipxeDecision(context: ServerLtspContext): Decision {
  if (!hasTool('ltsp')) return { run: false, reason: _('ltsp is not installed on this server') };
  if (!changed(context, 'ipxe')) return { run: false, reason: _('the iPXE binaries did not change') };
  // `ltsp ipxe` writes the menu and copies the binaries next to it; without a menu, iPXE is not LTSP's to refresh.
  if (modified(path.join(context.options.tftpDir, 'ltsp/ltsp.ipxe')) === undefined) return { run: false, reason: _('ltsp ipxe was never run on this server') };
  return { run: true, reason: _('the iPXE binaries were updated') };
}

/** The skip reason for the runner (null: run it); a skip is recorded in the outcome, a run's reason kept for it. */
function decided(context: ServerLtspContext, step: 'initrd' | 'ipxe', decision: Decision): string | null {
  if (decision.run) {
    context.serverStepReason = decision.reason;
    return null;
  }
  context.outcome[step] = { ran: false, reason: decision.reason };
  return decision.reason;
}

async function runServerStep(context: ServerLtspContext, step: 'initrd' | 'ipxe'): Promise<void> {
  const reason = context.serverStepReason ?? '';
  context.serverStepReason = undefined;
  context.outcome[step] = { ran: false, reason: _('failed') };
  // LTSP reads TFTP_DIR from ltsp.conf; the engine's own, when given, wins the same way it does for `ltsp image`.
  await runLtsp({ file: 'ltsp', args: ['--tftp-dir', context.options.tftpDir, step] }, context.name, context.output, `ltsp ${step}`);
  context.outcome[step] = { ran: true, reason };
}

function modified(file: string): number | undefined {
  try {
    return lstatSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
