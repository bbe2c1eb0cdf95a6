// One lint configuration for the whole workspace (each package runs `eslint .` against it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Only the process seam may spawn processes (style.md rule 7).
      'no-restricted-imports': ['error', { paths: [{ name: 'execa', message: 'spawn processes through src/process/run.ts' }] }],
    },
  },
  {
    files: ['packages/engine/src/process/run.ts', 'test/**', 'packages/*/test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
