// Jest runs in ESM mode (NestJS 12 is ESM-only): npm test sets --experimental-vm-modules.
const aliases = {
  '^@parley/(msrp|t140|bfcp|transport|conference|history|client)$':
    '<rootDir>/libs/$1/src/index.ts',
  '^@parley/migrations$': '<rootDir>/migrations/index.ts',
  '^@parley/server$': '<rootDir>/apps/server/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const shared = {
  rootDir: import.meta.dirname,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: aliases,
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

/** @type {import('jest').Config} */
export default {
  // Per test; e2e tests wait for real peers. Waits inside tests poll with their own, shorter deadlines.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/migrations/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
