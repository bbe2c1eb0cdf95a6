// The whole suite: each package's own tests, and the cross-package integration tests in test/.
import { defineConfig } from 'vitest/config';

// Every test runs in the C.UTF-8 locale, whatever the caller's: the tests match English text, and
// the CLI, the notifier and the windows speak the language of their environment (the i18n tests
// ask for Greek and Catalan themselves). Workers and the programs they start inherit this.
process.env['LANG'] = 'C.UTF-8';
for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete process.env[name];

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Real chroots: copying, mounting and debootstrapping take seconds, not milliseconds.
          testTimeout: 180_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
