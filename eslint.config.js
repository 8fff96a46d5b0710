// Lint holds the boundaries between the three rooms (see docs/architecture.md):
// shared/ imports neither side nor any storage or web library; client/ and sync-server/ never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const serverOnly = ['express', 'express/*', 'better-sqlite3', 'helmet', 'node:*'];
const clientOnly = [
  'dexie',
  'dexie-react-hooks',
  'react',
  'react-dom',
  'react-dom/*',
  'workbox-window',
  'virtual:*',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', '.test-data/', 'coverage/', 'client/public/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/client/**', '**/sync-server/**'], message: 'shared/ imports neither side.' },
            {
              group: [...serverOnly, ...clientOnly],
              message: 'shared/ stays pure: no storage, web or Node APIs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/sync-server/**'], message: 'client/ never imports the server.' },
            { group: serverOnly, message: 'client/ runs in the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/client/**'], message: 'sync-server/ never imports the client.' },
            { group: clientOnly, message: 'sync-server/ runs in Node.' },
          ],
        },
      ],
    },
  },
);
