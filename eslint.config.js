import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**', 'electron/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // Layering (ARCHITECTURE.md): the phone engine knows nothing of React, Electron or the UI.
  {
    files: ['renderer/src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'react',
            'react-dom',
            'react-intl',
            '@formatjs/*',
            'electron',
            '**/ui/**',
            '**/app/**',
            '**/i18n/**',
          ],
        },
      ],
    },
  },
  // Languages (renderer/src/i18n/i18n.ts): the formatting core is React-free, so the app layer can use it;
  // only the provider and the hook touch React.
  {
    files: ['renderer/src/i18n/**/*.ts'],
    ignores: ['renderer/src/i18n/use-t.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'react-intl', '**/ui/**'] }],
    },
  },
  // The service never imports client code, and common/ imports nothing of ours but itself.
  {
    files: ['server/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/renderer/**', '**/electron/**', 'react', 'react-dom'] },
      ],
    },
  },
  // Storage (ARCHITECTURE.md): only the store room talks to a database driver.
  {
    files: ['server/src/**'],
    ignores: ['server/src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['**/renderer/**', '**/electron/**', 'react', 'react-dom'],
          paths: [
            { name: 'better-sqlite3', message: 'Only server/src/store/ talks to the database.' },
            { name: 'pg', message: 'Only server/src/store/ talks to the database.' },
          ],
        },
      ],
    },
  },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/renderer/**', '**/electron/**'] }],
    },
  },
  {
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
