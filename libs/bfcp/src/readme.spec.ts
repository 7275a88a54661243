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

  it('runs: a chair grants a raised hand, the participant releases it', async () => {
    const log = await example();
    expect(log).toEqual(['requested #1', 'pending #1', 'accepted #1', 'granted #1', 'released #1']);
  });
});
