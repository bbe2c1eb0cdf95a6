import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'gnome',
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '../../test-results/gnome.json' }]],
  },
});
