import { describe, expect, it } from '@jest/globals';
import { expectReadmeShowsExample } from '../../../test/support/readme.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistory, tables } from './__fixtures__/readme-example.js';

describe('README', () => {
  it('shows the example this test runs, verbatim', () => {
    expectReadmeShowsExample(
      new URL('../README.md', import.meta.url),
      new URL('./__fixtures__/readme-example.ts', import.meta.url),
    );
  });

  it('runs: a fresh file gets every table through the migrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-history-readme-'));
    const source = await openHistory(join(dir, 'history.sqlite'));
    try {
      const rows = await source.query<{ name: string }[]>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
      );
      expect(rows).toHaveLength(tables.entities + 1);
      expect(rows.map((r) => r.name)).toContain(tables.bookkeeping);
    } finally {
      await source.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
