import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';

/**
 * Checks that the first ```ts block of a README is, verbatim, the example file a test runs — so the
 * README never shows code that does not compile or work.
 */
export function expectReadmeShowsExample(readme: URL, example: URL): void {
  const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))?.[1];
  expect(block).toBe(readFileSync(example, 'utf8'));
}
