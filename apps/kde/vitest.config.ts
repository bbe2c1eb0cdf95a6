import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'kde',
    include: ['test/**/*.test.ts'],
    // The smoke test starts Xvfb, a session bus, the accessibility bus and the window.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Read by scripts/test-summary.mjs for the suite's closing line.
    reporters: ['default', ['json', { outputFile: '../../test-results/kde.json' }]],
  },
});
