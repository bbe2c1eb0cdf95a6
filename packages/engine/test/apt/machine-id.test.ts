// The server's machine id given to apt in a chroot: read strictly, placed where apt reads it as an option.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverMachineId, withServerMachineId } from '../../src/apt/machine-id.js';

const id = '0123456789abcdef0123456789abcdef';

describe('the server machine id for apt in a chroot', () => {
  it('goes right after apt-get or apt-cache, before a "--" that ends the options, and nowhere else', () => {
    expect(withServerMachineId(['apt-cache', 'policy', '--', 'bash'], id)).toEqual(['apt-cache', '-o', `APT::Machine-ID=${id}`, 'policy', '--', 'bash']);
    expect(withServerMachineId(['apt-get', '-s', 'dist-upgrade'], id)).toEqual(['apt-get', '-o', `APT::Machine-ID=${id}`, '-s', 'dist-upgrade']);
    expect(withServerMachineId(['dpkg', '--audit'], id)).toEqual(['dpkg', '--audit']);
    expect(withServerMachineId(['apt-get', 'update'], null)).toEqual(['apt-get', 'update']);
  });

  it('is read only when it is 32 hex digits', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'machine-id-'));
    const file = (text: string) => {
      const name = path.join(dir, String(Math.random()));
      writeFileSync(name, text);
      return name;
    };
    expect(serverMachineId(file(`${id}\n`))).toBe(id);
    expect(serverMachineId(file('uninitialized\n'))).toBeNull();
    expect(serverMachineId(file(`${id} -o APT::Get::Always-Include-Phased-Updates=1\n`))).toBeNull();
    expect(serverMachineId(path.join(dir, 'none'))).toBeNull();
  });
});
