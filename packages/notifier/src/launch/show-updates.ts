// "Show updates" starts the update window of the desktop in use, as a separate process.
import { spawn } from 'node:child_process';

/** The window command for a desktop named by XDG_CURRENT_DESKTOP: KDE's for Plasma, GNOME's otherwise. */
export function windowCommand(env: NodeJS.ProcessEnv = process.env): string {
  const desktops = (env['XDG_CURRENT_DESKTOP'] ?? '').split(':').map((name) => name.toUpperCase());
  return desktops.includes('KDE')
    ? env['LTSP_UPDATE_KDE_COMMAND'] ?? 'ltsp-update-kde'
    : env['LTSP_UPDATE_GNOME_COMMAND'] ?? 'ltsp-update-gnome';
}

/** Start the window, detached: closing the notifier must not close it. */
export function showUpdates(env: NodeJS.ProcessEnv = process.env): void {
  const child = spawn('/bin/sh', ['-c', windowCommand(env)], { detached: true, stdio: 'ignore', env });
  child.on('error', () => undefined);
  child.unref();
}
