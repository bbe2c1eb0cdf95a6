// A newer release counts as available only when the chroot's own mirror serves it:
// its dists/SERIES/InRelease (or Release) file answers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { mirrorFor, readSources } from '../apt/sources.js';

const answers = new Map<string, Promise<boolean>>();
const timeoutMs = 5000;

/** True when the mirror the chroot uses for `current` serves `next`. Asked once per mirror and release in a run. */
export async function mirrorServes(root: string, current: string, next: string): Promise<boolean> {
  const mirror = mirrorFor(await readSources(root), current);
  if (mirror === undefined) return false;
  const key = `${mirror} ${next}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = ask(mirror, next);
    answers.set(key, answer);
  }
  return answer;
}

async function ask(mirror: string, series: string): Promise<boolean> {
  const base = mirror.replace(/\/+$/, '');
  if (base.startsWith('file:')) {
    const dir = base.replace(/^file:(\/\/)?/, '/').replace(/^\/+/, '/');
    return ['InRelease', 'Release'].some((file) => existsSync(path.join(dir, 'dists', series, file)));
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
