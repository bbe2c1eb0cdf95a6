import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'kde',
    include: ['test/**/*.test.ts'],
    // Read by scripts/test-summary.mjs for the suite's closing line.
    reporters: ['default', ['json', { outputFile: '../../test-results/kde.json' }]],
  },
});
