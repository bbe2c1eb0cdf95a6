// Which LTSP tools this server has: modern LTSP's `ltsp`, or LTSP5's ltsp-update-kernels and ltsp-update-image.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** True when `tool` is an executable on PATH (looked up without running anything). */
export function hasTool(tool: string, searchPath = process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin'): boolean {
  return searchPath.split(':').some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

// The applets of modern LTSP the engine runs.
const ltspApplets = ['image', 'kernel', 'initrd', 'ipxe'];

/** "ltsp image", "ltsp-update-kernels": how the administrator would call the step that ran. */
export function ltspStepName(command: { file: string; args: readonly string[] }): string {
  // Modern LTSP: ltsp [OPTIONS…] APPLET [NAME]; LTSP5 has one tool per step: TOOL NAME.
  if (command.file !== 'ltsp') return command.file;
  const applet = command.args.find((arg) => ltspApplets.includes(arg));
  return applet === undefined ? 'ltsp' : `ltsp ${applet}`;
}
