import { describe, expect, it } from '@jest/globals';
import { expectReadmeShowsExample } from '../../../test/support/readme.js';
import { example } from './__fixtures__/readme-example.js';

describe('README', () => {
  it('shows exactly the example this spec compiles and runs', () => {
    expectReadmeShowsExample(
      new URL('../README.md', import.meta.url),
      new URL('./__fixtures__/readme-example.ts', import.meta.url),
    );
  });

  it('the example delivers the message and its success report', async () => {
    await expect(example()).resolves.toBe('sip:alice@example.com: Hello Bob!');
  });
});
