// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'stream',
];
const DRIVERS = ['better-sqlite3', 'pg', 'mysql2', 'mysql2/*', '@aws-sdk/*', 'kysely'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '**/*.d.ts', 'packages/server/web/**'] },
  js.configs.recommended,
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', 'packages/*/bin/**/*.js', 'packages/*/scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Dependencies point inward: the domain is pure, services see the domain and ports only.
    files: ['packages/server/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'the domain does no I/O' },
            { group: DRIVERS, message: 'drivers belong in src/adapters' },
            {
              group: ['../*', '!../domain', '!../domain/*'],
              message: 'the domain imports nothing outside itself',
            },
            {
              group: ['hono', 'hono/*', 'zod', 'yaml'],
              message: 'the domain imports nothing outside itself',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/services/**/*.ts', 'packages/server/src/ports/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'services reach I/O through ports' },
            { group: DRIVERS, message: 'drivers belong in src/adapters' },
            {
              group: ['../adapters/*', '../http/*', '../config/*'],
              message: 'services see the domain and ports only',
            },
            { group: ['hono', 'hono/*', 'zod'], message: 'services know nothing of HTTP' },
          ],
        },
      ],
    },
  },
  {
    // Drivers are loaded lazily, by their own dialect adapter only.
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/adapters/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', 'pg', 'mysql2', 'mysql2/*', '@aws-sdk/*'],
              message: 'drivers belong in src/adapters',
            },
          ],
        },
      ],
    },
  },
  {
    // The SDK's entry point runs in browsers too: Node modules only in src/node, loaded on first use.
    files: ['packages/client/src/**/*.ts'],
    ignores: ['packages/client/src/node/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'Node-only code goes in packages/client/src/node' },
            { group: ['./node/*'], message: 'load src/node lazily, with import()' },
          ],
        },
      ],
    },
  },
  {
    // The web UI: React's rules of hooks; browser globals; the API only through @modelreg/client.
    files: ['packages/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        AbortController: 'readonly',
        HTMLElement: 'readonly',
        HTMLInputElement: 'readonly',
        HTMLCanvasElement: 'readonly',
        HTMLDialogElement: 'readonly',
        getComputedStyle: 'readonly',
        requestAnimationFrame: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'the web UI runs in a browser' },
            {
              group: ['@modelreg/server', '@modelreg/server/*'],
              message: 'the UI talks to the server through @modelreg/client',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'call the registry through @modelreg/client (useRegistry())' },
      ],
    },
  },
);
