// Reading and clicking an update window through AT-SPI, for the GNOME and KDE window tests.
import type { Desktop } from './desktop.js';

export interface WindowDriver {
  /** Wait for text matching `pattern` (a regex) in the window; gives the text found. */
  waitText(pattern: string, timeoutSeconds?: number): Promise<string>;
  /** Wait for `pattern` to be gone from the window (a window AT-SPI no longer shows counts as gone). */
  waitGone(pattern: string, timeoutSeconds?: number): Promise<void>;
  /** Click the first widget named `name` with `role`. */
  click(name: string, role?: string, timeoutSeconds?: number): Promise<unknown>;
  /** Click the middle of the first widget named `name` with `role` with the X pointer, as a person would (a Qt tree row: selects it). */
  pointAndClick(name: string, role: string, timeoutSeconds?: number): Promise<unknown>;
  /** Every name and text in the window now. */
  texts(): Promise<string[]>;
}

/** Drive the application that AT-SPI lists as `app` (its process title). */
export function windowDriver(desktop: Desktop, app: string): WindowDriver {
  // A fresh dump each time: one long-lived atspi.py process keeps libatspi's cached view of
  // labels that changed since it first read them.
  const texts = async (): Promise<string[]> => {
    const nodes = await desktop.atspi(['dump', '--app', app, '--timeout', '10']).catch(() => []) as { name?: string; text?: string }[];
    return nodes.flatMap((node) => [node.name, node.text]).filter((text): text is string => Boolean(text));
  };
  const poll = async (done: (found: string[]) => boolean, what: string, timeoutSeconds: number): Promise<string[]> => {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const found = await texts();
      if (done(found)) return found;
      if (Date.now() > deadline) throw new Error(`${what} in ${timeoutSeconds} s; the window showed: ${found.join(' | ').slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  return {
    texts,
    async waitText(pattern, timeoutSeconds = 60) {
      const regex = new RegExp(pattern);
      const found = await poll((all) => all.some((text) => regex.test(text)), `"${pattern}" did not appear`, timeoutSeconds);
      return found.find((text) => regex.test(text)) ?? '';
    },
    async waitGone(pattern, timeoutSeconds = 60) {
      const regex = new RegExp(pattern);
      await poll((all) => !all.some((text) => regex.test(text)), `"${pattern}" did not go away`, timeoutSeconds);
    },
    click: (name, role = 'push button', timeoutSeconds = 60) => desktop.atspi(['click', '--app', app, '--role', role, '--name', name, '--timeout', String(timeoutSeconds)]),
    pointAndClick: (name, role, timeoutSeconds = 60) => desktop.atspi(['click', '--pointer', '--app', app, '--role', role, '--name', name, '--timeout', String(timeoutSeconds)]),
  };
}
