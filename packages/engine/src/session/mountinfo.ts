// Reads the kernel's mount table, the only trustworthy answer to "what is mounted where".
import { readFileSync } from 'node:fs';

/** Mount points of this process's mount namespace, in mount order. */
export function mountPoints(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): string[] {
  const points: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field !== undefined) points.push(unescapeOctal(field));
  }
  return points;
}

/** Mount points at or below `dir`, deepest (and latest) first: the order to unmount them in. */
export function mountsUnder(dir: string, points = mountPoints()): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const inside = points
    .map((point, order) => ({ point, order }))
    .filter(({ point }) => point === dir || point.startsWith(prefix));
  inside.sort((a, b) => b.point.split('/').length - a.point.split('/').length || b.order - a.order);
  return inside.map(({ point }) => point);
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
