// Picks the chroots a command names, with the errors an administrator can act on.
import { EngineError } from '../errors/engine-error.js';
import { _f } from '../text/i18n.js';

/** Reject names that could reach outside a base dir. */
export function validateChrootName(name: string): void {
  if (name === '' || name.includes('/') || name === '.' || name === '..' || name.includes('\0')) {
    throw new EngineError('bad-name', _f('"{name}" is not a chroot name: give the name of a directory in the base dir, as "ltsp-chroot list" shows it', { name }));
  }
}

/** The chroot called `name`, or a not-found error that says where we looked. */
export function chrootByName<T extends { name: string; baseDir: string }>(chroots: readonly T[], name: string, baseDirs: readonly string[]): T {
  validateChrootName(name);
  const matches = chroots.filter((chroot) => chroot.name === name);
  if (matches.length === 1) return matches[0] as T;
  if (matches.length > 1) {
    throw new EngineError('usage', _f('{name} exists in {dirs}: pick one with --base-dir', { name, dirs: matches.map((chroot) => chroot.baseDir).join(' and ') }), { chroot: name });
  }
  if (chroots.length === 0) throw noChroots(baseDirs);
  throw new EngineError('not-found', _f('no chroot named {name} in {dirs}; "ltsp-chroot list" shows the chroots there', { name, dirs: baseDirs.join(', ') }), { chroot: name });
}

/** The error for an empty set of base dirs. */
export function noChroots(baseDirs: readonly string[]): EngineError {
  return new EngineError('no-chroots', _f('no chroots found in {dirs}: create one (for example with debootstrap) or point --base-dir at yours', { dirs: baseDirs.join(', ') }));
}
