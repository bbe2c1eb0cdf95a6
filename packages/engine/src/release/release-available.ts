// A newer release counts as available only when the chroot's own mirror serves it:
// its dists/SERIES/InRelease (or Release) file answers.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
    if (await answersOk(`${base}/dists/${series}/${file}`, AbortSignal.timeout(timeoutMs))) return true;
  }
  return false;
}

// Mirrors send a client on to another host (a CDN, the nearest mirror): a few hops are followed.
const redirectsFollowed = 5;

/**
 * Whether a HEAD request for `url` ends in a 2xx answer, following redirects. Through node:http
 * rather than fetch: fetch's HTTP client is JavaScript and WebAssembly that every check and
 * refresh compiled for these one or two requests, a tenth of a second on a slow machine.
 */
async function answersOk(url: string, signal: AbortSignal, hops = redirectsFollowed): Promise<boolean> {
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { method: 'HEAD', signal }, resolve);
      request.on('error', reject);
      request.end();
    });
  } catch {
    // No answer: not known to be available.
    return false;
  }
  response.resume();
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location !== undefined && hops > 0) {
    const next = new URL(location, url);
    return (next.protocol === 'http:' || next.protocol === 'https:') && answersOk(next.href, signal, hops - 1);
  }
  return status >= 200 && status < 300;
}
