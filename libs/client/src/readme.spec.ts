import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

// The README's usage example is src/__fixtures__/readme-example.ts, which the repository type check
// compiles against the real API (and test/web-sdk.e2e-spec.ts runs the same calls against a server).
describe('README', () => {
  it('shows exactly the example that is type-checked', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(
      new URL('./__fixtures__/readme-example.ts', import.meta.url),
      'utf8',
    );
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example);
  });
});
