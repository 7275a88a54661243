import { afterEach, describe, expect, it } from '@jest/globals';
import { buildDataSourceOptions, MIGRATIONS_TABLE } from '@parley/history';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { migrations } from './index.js';

describe('migrations on a fresh sqlite file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function freshDataSource(): DataSource {
    const dir = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
    dirs.push(dir);
    return new DataSource(
      buildDataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }, { migrations }),
    );
  }

  async function tables(source: DataSource): Promise<string[]> {
    const rows = await source.query<{ name: string }[]>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    );
    return rows.map((r) => r.name);
  }

  it('run up to a schema that matches the entities exactly', async () => {
    const source = freshDataSource();
    await source.initialize();
    try {
      const applied = await source.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
      expect(await tables(source)).toEqual(
        [
          'chat_messages',
          'conferences',
          'floor_events',
          MIGRATIONS_TABLE,
          'participants',
          'rtt_changes',
          'rtt_lines',
        ].sort(),
      );
      // What synchronize would still do: nothing, when migrations and entities agree.
      const pending = await source.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await source.destroy();
    }
  });

  it('run down to an empty schema, and up again', async () => {
    const source = freshDataSource();
    await source.initialize();
    try {
      await source.runMigrations();
      for (let i = 0; i < migrations.length; i++) {
        await source.undoLastMigration();
      }
      expect(await tables(source)).toEqual([MIGRATIONS_TABLE]);
      await source.runMigrations();
      expect(await tables(source)).toContain('chat_messages');
    } finally {
      await source.destroy();
    }
  });
});
