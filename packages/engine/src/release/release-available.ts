// A newer release counts as available only when the chroot's own mirror serves it:
// its dists/SERIES/InRelease (or Release) file answers.
import { mirrorFor, readSources } from '../apt/sources.js';
import { regularFileInside } from '../fs/inside-root.js';

const answers = new Map<string, Promise<boolean>>();
const timeoutMs = 5000;

/** True when the mirror the chroot uses for `current` serves `next`. Asked once per mirror and release in a run. */
export async function mirrorServes(root: string, current: string, next: string): Promise<boolean> {
  const mirror = mirrorFor(await readSources(root), current);
  if (mirror === undefined) return false;
  // A file: mirror is a folder of the chroot, so its answer is the chroot's own.
  const key = mirror.startsWith('file:') ? `${root} ${mirror} ${next}` : `${mirror} ${next}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = ask(root, mirror, next);
    answers.set(key, answer);
  }
  return answer;
}

async function ask(root: string, mirror: string, series: string): Promise<boolean> {
  const base = mirror.replace(/\/+$/, '');
  if (base.startsWith('file:')) {
    // apt inside reads it inside the chroot: so do we, through the path layer.
    const dir = base.replace(/^file:(\/\/)?/, '/').replace(/^\/+/, '/');
    return ['InRelease', 'Release'].some((file) => regularFileInside(root, `${dir}/dists/${series}/${file}`) !== undefined);
  }
  if (!/^https?:\/\//.test(base)) return false;
  for (const file of ['InRelease', 'Release']) {
    try {
      const response = await fetch(`${base}/dists/${series}/${file}`, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
      if (response.ok) return true;
    } catch {
      // No answer: not known to be available.
    }
  }
  return false;
}
