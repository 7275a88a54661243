import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { example } from './__fixtures__/readme-example.js';

describe('README', () => {
  it('shows the example this test runs, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(
      readFileSync(new URL('./__fixtures__/readme-example.ts', import.meta.url), 'utf8'),
    );
  });

  it('runs: text and binary messages arrive in order, paced by the writer', async () => {
    expect(await example()).toEqual(['hello', ...Array.from({ length: 10 }, () => '16384 bytes')]);
  });
});
