// Which targets move with their distribution's own tool: an Ubuntu server that has do-release-upgrade.
import { describe, expect, it } from 'vitest';
import { distributionUpgrader } from '../../src/release/distribution-upgrader.js';

const has = (tool: string) => tool === 'do-release-upgrade';
const lacks = () => false;

describe('distributionUpgrader', () => {
  it("moves an Ubuntu server with do-release-upgrade's non-interactive frontend", () => {
    expect(distributionUpgrader({ kind: 'server', distribution: 'ubuntu' }, has)).toEqual(['do-release-upgrade', '--frontend', 'DistUpgradeViewNonInteractive']);
  });

  it('leaves every chroot, a Debian server and an Ubuntu server without the tool to the engine', () => {
    expect(distributionUpgrader({ kind: 'chroot', distribution: 'ubuntu' }, has)).toBeUndefined();
    expect(distributionUpgrader({ kind: 'server', distribution: 'debian' }, has)).toBeUndefined();
    expect(distributionUpgrader({ kind: 'server', distribution: 'ubuntu' }, lacks)).toBeUndefined();
  });
});
