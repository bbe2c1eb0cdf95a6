// Builds the cached chroot fixtures once, before any integration test runs.
import { access, constants } from 'node:fs/promises';
import { ensureFixture } from './fixtures.js';
import { installedPath, installedPrograms } from './programs.js';

export default async function setup(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the integration tests need root: run "sudo npm test"');
  // The suite's mode runs the installed packages: without them every test would fail on its own.
  if (installedPrograms) {
    for (const file of Object.values(installedPath)) {
      await access(file, constants.X_OK).catch(() => {
        throw new Error(`${file} is not installed: the suite runs the installed packages (LTSP_UPDATE_TEST_PROGRAMS=installed); run "sudo sh scripts/setup.sh --test" first`);
      });
    }
  }
  await ensureFixture('bookworm', 'amd64', 'minbase');
  await ensureFixture('bookworm', 'i386', 'minbase');
  await ensureFixture('bookworm', 'arm64', 'foreign');
  await ensureFixture('bookworm', 'amd64', 'updates');
  await ensureFixture('bookworm', 'amd64', 'kernel');
  await ensureFixture('bookworm', 'amd64', 'bootable');
  await ensureFixture('bookworm', 'amd64', 'ltsp-server');
  await ensureFixture('bookworm', 'amd64', 'synaptic');
}
