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
  {
    // The view-model is shared by the GNOME and KDE windows: no toolkit, no bus, no processes (style.md rule 12).
    files: ['packages/engine/src/view-model/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['execa', 'dbus-next', 'node:child_process', 'node-gtk', '@nodegui/nodegui'].map((name) => ({ name, message: 'the view-model stays toolkit-free: take what you need through ModelDeps' })),
        patterns: [{ group: ['**/process/*', '**/client/*'], allowTypeImports: true, message: 'the view-model gets the engine through ModelDeps' }],
      }],
    },
  },
);
