// The whole suite: each package's own tests, and the cross-package integration tests in test/.
import { defineConfig } from 'vitest/config';

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
