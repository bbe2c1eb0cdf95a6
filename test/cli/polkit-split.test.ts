// Least privilege through polkit, as PackageKit splits it: checking needs no password, installing
// is its own action, and pkexec buys nothing the windows do not send: no exec, no state dir of the
// caller's choosing. Real pkexec and polkitd, as an unprivileged user, in polkit-sandbox.sh.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyChroot, fixture } from '../helpers/fixtures.js';
import { installedPath } from '../helpers/programs.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const repo = path.resolve(import.meta.dirname, '../..');
const sandbox = path.join(repo, 'test/helpers/polkit-sandbox.sh');
const user = 'nobody';
// The one the polkit actions name: the installed package's, in a developer's run too.
const engine = installedPath['ltsp-chroot'];
const tree = useScratchTree('polkit-split');
let conf: string;
let rules: string;

beforeAll(async () => {
  await mkdir(tree.state, { recursive: true });
  conf = path.join(tree.root, 'ltsp.conf');
  await writeFile(conf, `[server]\nBASE_DIR=${tree.base}\n`);
  rules = await mkdtemp(path.join(tree.root, 'rules-'));
  await chmod(rules, 0o755);
  await copyChroot(fixture('bookworm', 'amd64', 'minbase'), path.join(tree.base, 'classroom'));
});

/** Run `pkexec ltsp-chroot ARGS…` as `user` with polkit rules that answer YES for `granted` actions only. */
async function pkexec(args: readonly string[], granted: readonly string[] = []) {
  const checks = granted.map((id) => `  if (action.id == "${id}" && subject.user == "${user}") return polkit.Result.YES;`).join('\n');
  await writeFile(path.join(rules, '50-ltsp-update-test.rules'), `polkit.addRule(function (action, subject) {\n${checks}\n});\n`);
  return execa('unshare', ['--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private',
    // pkexec refuses a parent that is PID 1 of the namespace: a shell in between waits for it, as a window would.
    'sh', sandbox, rules, conf, tree.state, repo, user, '--', 'sh', '-c', 'pkexec --disable-internal-agent "$@"; exit $?', 'sh', engine, ...args], { reject: false, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
}

describe('polkit actions', () => {
  it('lets anybody check, with no password and no rule', async () => {
    const result = await pkexec(['check', '--all', '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('asks for installing updates, and for a release upgrade, each on its own', async () => {
    // No rule: polkit wants the administrator (and there is no agent to ask with).
    const asked = await pkexec(['upgrade', '--yes', 'classroom', '--json']);
    expect(asked.exitCode).toBe(127);
    expect(asked.stderr).toBe('Error executing command as another user: No authentication agent found.');
    // The administrator said yes to updating: that runs, and buys no release upgrade.
    const updated = await pkexec(['upgrade', '--yes', 'classroom', '--json'], ['org.ltsp.update-manager.update']);
    expect(updated.exitCode).toBe(0);
    const release = await pkexec(['release-upgrade', '--yes', '--to', 'trixie', 'classroom', '--json'], ['org.ltsp.update-manager.update']);
    expect(release.exitCode).toBe(127);
    expect(release.stderr).toBe('Error executing command as another user: No authentication agent found.');
  });

  it('opens a package manager in a chroot under its own action only, which installing updates does not buy', async () => {
    const refused = await pkexec(['package-manager', 'classroom', '--json'], ['org.ltsp.update-manager.update']);
    expect(refused.exitCode).toBe(127);
    // Granted, it reaches the engine, which looks for the chroot's package manager (a minbase chroot has none).
    const granted = await pkexec(['package-manager', 'classroom', '--json'], ['org.ltsp.update-manager.package-manager']);
    expect(granted.exitCode).toBe(72);
    expect(granted.stderr).toBe('ltsp-chroot: classroom has no graphical package manager: install Synaptic in it with "ltsp-chroot exec --network classroom -- apt-get install synaptic"');
  });

  it("does not reach exec through pkexec, even when pkexec's own action is granted", async () => {
    const refused = await pkexec(['exec', 'classroom', '--', 'id', '-u']);
    expect(refused.exitCode).toBe(127);
    const granted = await pkexec(['exec', 'classroom', '--', 'id', '-u'], ['org.freedesktop.policykit.exec']);
    expect(granted.exitCode).toBe(77);
    expect(granted.stdout).toBe('');
    expect(granted.stderr).toBe('ltsp-chroot: ltsp-chroot exec cannot be asked for through pkexec: run it as root (sudo ltsp-chroot …)');
  });

  it("refuses, under an action it granted, an option the windows never send", async () => {
    const result = await pkexec(['check', '--all', '--state-dir', '/tmp', '--json']);
    expect(result.exitCode).toBe(77);
    expect(result.stdout).toContain('"code":"not-root"');
    expect(result.stdout).toContain('--state-dir is not accepted through pkexec with check');
  });
});
