import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeOptions } from '../../src/config/options.js';
import { describeNamed } from '../../src/discover/list-chroots.js';

/** A base dir holding a directory per name that findChroots takes for a chroot, with an os-release. */
function baseWith(...names: string[]): string {
  const base = mkdtempSync(path.join(tmpdir(), 'base-'));
  for (const name of names) {
    mkdirSync(path.join(base, name, 'proc'), { recursive: true });
    mkdirSync(path.join(base, name, 'etc'), { recursive: true });
    writeFileSync(path.join(base, name, 'etc/os-release'), `ID=debian\nVERSION_CODENAME=${name}\n`);
  }
  return base;
}

async function optionsFor(...baseDirs: string[]) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'opts-'));
  return normalizeOptions({ baseDirs, tftpDir: path.join(scratch, 'tftp'), stateDir: path.join(scratch, 'state'), ltspConf: path.join(scratch, 'ltsp.conf') });
}

describe('describeNamed', () => {
  it('describes only the chroots named, in the order named', async () => {
    const options = await optionsFor(baseWith('alpha', 'beta', 'gamma'));
    const described = await describeNamed(options, ['gamma', 'alpha']);
    expect(described.map((chroot) => [chroot.name, chroot.release])).toEqual([['gamma', 'gamma'], ['alpha', 'alpha']]);
  });

  it('says which base dirs hold a name twice, and where it looked for one that is not there', async () => {
    const first = baseWith('lab');
    const second = baseWith('lab', 'other');
    const options = await optionsFor(first, second);
    await expect(describeNamed(options, ['lab'])).rejects.toThrow(`lab exists in ${first} and ${second}: pick one with --base-dir`);
    await expect(describeNamed(options, ['missing'])).rejects.toThrow(`no chroot named missing in ${first}, ${second}`);
    await expect(describeNamed(options, ['../etc'])).rejects.toThrow('is not a chroot name');
  });

  it('says there are no chroots when a base dir is empty', async () => {
    const options = await optionsFor(baseWith());
    await expect(describeNamed(options, ['lab'])).rejects.toThrow('no chroots found in');
  });
});
