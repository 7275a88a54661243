// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

/** Modules a pure protocol library must never import: frameworks, databases, sockets, WebRTC stacks, Node built-ins. */
export const forbiddenPathsInPureLibs = [
  ...['typeorm', 'sqlite3', 'pg'].map((name) => ({
    name,
    message: 'Persistence belongs in libs/history.',
  })),
  { name: 'rxjs', message: 'Use the typed event maps of @parley/transport, not rxjs.' },
  { name: 'ws', message: 'Sockets enter through the MessageChannel seam of @parley/transport.' },
  ...['node-datachannel', '@roamhq/wrtc', 'wrtc', 'werift'].map((name) => ({
    name,
    message: 'WebRTC stacks enter through the MessageChannel seam of @parley/transport.',
  })),
  ...nodeBuiltins.map((name) => ({
    name,
    message: 'Pure libraries run in browsers too: no Node built-ins.',
  })),
];

export const forbiddenPatternsInPureLibs = [
  {
    regex: '^@nestjs/',
    message: 'Pure protocol libraries stay framework-free: move NestJS code to libs/conference.',
  },
  {
    regex: '^node:',
    message: 'Pure libraries run in browsers too: use Uint8Array and TextEncoder/TextDecoder.',
  },
  {
    regex: '^(typeorm|rxjs|node-datachannel|werift|@roamhq/wrtc)/',
    message: 'Not in a pure library (see ARCHITECTURE.md).',
  },
];

export const pureLibs = ['msrp', 't140', 'bfcp', 'transport'];

/** A relative import that climbs out of its package into another one. */
const crossPackageRelative = {
  regex:
    '^(\\.\\./)+((libs|apps)/|(msrp|t140|bfcp|transport|conference|history|client|server|cli|web)/src(/|$))',
  message: 'Import another package through its @parley/<name> alias.',
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', 'coverage/**', 'node_modules/**', 'data/**', 'apps/web/public/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'bench/*.mjs',
            'test/support/*.mjs',
            'apps/*/bin/*.js',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // NestJS types its option bags as classes; object literals are how every Nest app passes them.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [crossPackageRelative] }],
    },
  },
  {
    files: pureLibs.map((lib) => `libs/${lib}/src/**/*.ts`),
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenPathsInPureLibs,
          patterns: [...forbiddenPatternsInPureLibs, crossPackageRelative],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'Use Uint8Array.' },
        { name: 'process', message: 'Libraries take options; they never read the process.' },
        { name: 'require', message: 'ESM only.' },
        { name: 'setTimeout', message: 'Take an injected clock.' },
        { name: 'setInterval', message: 'Take an injected clock.' },
      ],
    },
  },
  {
    // The browser SDK and the web app: DOM globals; the SDK refuses Node built-ins like a pure lib.
    files: ['libs/client/src/**/*.ts', 'apps/web/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenPathsInPureLibs,
          patterns: [...forbiddenPatternsInPureLibs, crossPackageRelative],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'Use Uint8Array.' },
        { name: 'process', message: 'Browser code never reads the process.' },
        { name: 'require', message: 'ESM only.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
