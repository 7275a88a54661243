import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { example } from './__fixtures__/readme-example.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const source = readFileSync(
  fileURLToPath(new URL('./__fixtures__/readme-example.ts', import.meta.url)),
  'utf8',
);

describe('README', () => {
  it('shows exactly the example this spec compiles and runs', () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(source);
  });

  it('the example delivers the message and its success report', async () => {
    await expect(example()).resolves.toBe('sip:alice@example.com: Hello Bob!');
  });
});
