// The chroot's own Synaptic on the test's display, as "Open in Synaptic…" starts it: found by its
// X window's name, and closed the way a person closes it (its first-run dialog, then Ctrl+Q).
import { execa } from 'execa';
import type { Desktop } from './desktop.js';

/** The id of the first X window whose name matches `pattern`, once there is one. */
export async function windowNamed(desktop: Desktop, pattern: string, seconds: number): Promise<string> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 500))) {
    const found = await execa('xdotool', ['search', '--name', pattern], { env: desktop.env, reject: false });
    const [id] = String(found.stdout).split('\n').filter(Boolean);
    if (id) return id;
  }
  throw new Error(`no window named ${pattern} within ${seconds} s`);
}

/** Wait for Synaptic's window (and its "Quick Introduction"); gives the main window's id. */
export async function waitForSynaptic(desktop: Desktop): Promise<string> {
  const main = await windowNamed(desktop, '^Synaptic Package Manager', 120);
  await windowNamed(desktop, '^Quick Introduction$', 30);
  return main;
}

/** Close Synaptic as a person would: the dialog with Escape, then Ctrl+Q in the main window. */
export async function closeSynaptic(desktop: Desktop, main: string): Promise<void> {
  const intro = await windowNamed(desktop, '^Quick Introduction$', 30);
  await execa('xdotool', ['windowfocus', '--sync', intro, 'key', 'Escape'], { env: desktop.env });
  await execa('xdotool', ['windowfocus', '--sync', main, 'key', 'ctrl+q'], { env: desktop.env });
}
