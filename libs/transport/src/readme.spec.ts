import { describe, expect, it } from '@jest/globals';
import { expectReadmeShowsExample } from '../../../test/support/readme.js';

import { example } from './__fixtures__/readme-example.js';

describe('README', () => {
  it('shows the example this test runs, verbatim', () => {
    expectReadmeShowsExample(
      new URL('../README.md', import.meta.url),
      new URL('./__fixtures__/readme-example.ts', import.meta.url),
    );
  });

  it('runs: text and binary messages arrive in order, paced by the writer', async () => {
    expect(await example()).toEqual(['hello', ...Array.from({ length: 10 }, () => '16384 bytes')]);
  });
});
