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
// Size limits (docs/adr/0013-bounded-contexts.md): 500 lines per source file, 80 per function,
// for every source file (generated code and migrations excepted). The debt lists that once
// exempted the files over them are empty and gone; a new file or function over a limit fails.

// The bounded contexts of the services (docs/adr/0013-bounded-contexts.md): a module outside a
// context imports it only through its public module, `<context>/index.js`. Outside the services a
// context is reached as `…/services/<context>/` (the HTTP layer has an `mlflow/` folder of its
// own); inside them, a sibling context is `../<context>/`.
const CONTEXTS = ['catalog', 'lifecycle', 'content', 'lineage', 'access', 'audit', 'mlflow'];
const contextInternals = (/** @type {string} */ services) => ({
  regex: `^(\\.\\.?/)+${services}(${CONTEXTS.join('|')})/(?!index\\.js$)`,
  message: 'import another bounded context through its public module (its index.js), not its internals',
});
const CONTEXT_INTERNALS = contextInternals('services/');
const SIBLING_CONTEXT_INTERNALS = contextInternals('(services/)?');
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
    // Drivers are loaded lazily, by their own dialect adapter only; outside the services, a
    // context is reached through its public module. (The domain and services blocks below
    // replace these options for their files, so they repeat both.)
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
            CONTEXT_INTERNALS,
          ],
        },
      ],
    },
  },
  ...[
    // Dependencies point inward: the domain is pure, services see the domain and ports only.
    // (Two blocks: how far `..` reaches out of the domain depends on the file's depth.)
    { files: ['packages/server/src/domain/*.ts'], outside: '^\\.\\./' },
    { files: ['packages/server/src/domain/*/**/*.ts'], outside: '^\\.\\./\\.\\./' },
  ].map(({ files, outside }) => ({
    files,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'the domain does no I/O' },
            { group: DRIVERS, message: 'drivers belong in src/adapters' },
            { regex: outside, message: 'the domain imports nothing outside itself' },
            {
              group: ['hono', 'hono/*', 'zod', 'yaml'],
              message: 'the domain imports nothing outside itself',
            },
          ],
        },
      ],
    },
  })),
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
              group: [
                '../adapters/*',
                '../http/*',
                '../config/*',
                '../../adapters/*',
                '../../http/*',
                '../../config/*',
              ],
              message: 'services see the domain and ports only',
            },
            { group: ['hono', 'hono/*', 'zod'], message: 'services know nothing of HTTP' },
            SIBLING_CONTEXT_INTERNALS,
          ],
        },
      ],
    },
  },
  {
    // A command reports a failed result by throwing ReportedFailure; main turns it into the exit
    // code. Setting process.exitCode directly was overwritten by the binary's entry (issue 14).
    files: ['packages/cli/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression[left.object.name='process'][left.property.name='exitCode']",
          message: 'throw ReportedFailure (cli-failure.ts) so main returns the exit code',
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
  {
    files: ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx'],
    ignores: ['**/generated/**', '**/migrations/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'max-lines': ['error', { max: 500 }],
      'max-lines-per-function': ['error', { max: 80 }],
    },
  },
);
