// Builds the cached chroot fixtures once, before any integration test runs.
import { ensureFixture } from './fixtures.js';

export default async function setup(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the integration tests need root: run "sudo npm test"');
  await ensureFixture('bookworm', 'amd64', 'minbase');
  await ensureFixture('bookworm', 'i386', 'minbase');
  await ensureFixture('bookworm', 'arm64', 'foreign');
  await ensureFixture('bookworm', 'amd64', 'updates');
  await ensureFixture('bookworm', 'amd64', 'kernel');
  await ensureFixture('bookworm', 'amd64', 'bootable');
  await ensureFixture('bookworm', 'amd64', 'ltsp-server');
  await ensureFixture('bookworm', 'amd64', 'synaptic');
}
