import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { example } from './__fixtures__/readme-example.js';

describe('README', () => {
  it('shows the example this test runs, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const source = readFileSync(
      new URL('./__fixtures__/readme-example.ts', import.meta.url),
      'utf8',
    );
    expect(block).toBe(source);
  });

  it('runs: a chair grants a raised hand, the participant releases it', async () => {
    const log = await example();
    expect(log).toEqual(['requested #1', 'pending #1', 'accepted #1', 'granted #1', 'released #1']);
  });
});
