// The tray item's IconPixmap: what a host shows when its icon theme has none of our names.
import { iconColours, type IconName } from '../decide/notifier-state.js';

/** One StatusNotifierItem pixmap: width, height and ARGB32 pixels in network byte order. */
export type Pixmap = [number, number, Buffer];

/** A disc in the colour of `name`'s state, anti-aliased, at `size` pixels. */
function disc(name: IconName, size: number): Pixmap {
  const colour = iconColours[name];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = size / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const alpha = Math.round(255 * Math.min(1, Math.max(0, radius - distance + 0.5)));
      pixels.writeUInt32BE(((alpha << 24) | colour) >>> 0, (y * size + x) * 4);
    }
  }
  return [size, size, pixels];
}

/** The pixmaps for `name`: a tray's usual 22 px and twice that for a scaled panel. */
export function iconPixmaps(name: IconName): Pixmap[] {
  return [disc(name, 22), disc(name, 44)];
}
