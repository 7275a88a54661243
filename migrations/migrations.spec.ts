import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDataSourceOptions, MIGRATIONS_TABLE, type DatabaseConfig } from '@parley/history';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres.js';
import { migrations } from './index.js';

/** A driver under test: where a fresh, empty database comes from, and how to list its schema. */
interface Driver {
  readonly name: 'sqlite' | 'postgres';
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  freshDatabase(): Promise<DatabaseConfig>;
  tablesQuery: string;
  indexesQuery: string;
}

const sqliteDirs: string[] = [];
const sqlite: Driver = {
  name: 'sqlite',
  setUp: () => Promise.resolve(),
  tearDown: () => {
    for (const dir of sqliteDirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
    return Promise.resolve();
  },
  freshDatabase: () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
    sqliteDirs.push(dir);
    return Promise.resolve({ type: 'sqlite', path: join(dir, 'db.sqlite') });
  },
  tablesQuery: `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  indexesQuery: `SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`,
};

let server: TestPostgres | undefined;
const postgres: Driver = {
  name: 'postgres',
  setUp: async () => {
    server = await startTestPostgres();
  },
  tearDown: async () => {
    await server?.stop();
  },
  freshDatabase: async () => {
    if (server === undefined) {
      throw new Error('PostgreSQL did not start (see the error of beforeAll)');
    }
    return { type: 'postgres', url: await server.createDatabase() };
  },
  tablesQuery: `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`,
  // Primary keys are constraints with an index of their own on PostgreSQL, implicit on sqlite.
  indexesQuery: `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'PK_%'`,
};

const HISTORY_TABLES = [
  'chat_messages',
  'conferences',
  'floor_events',
  'participants',
  'rtt_changes',
  'rtt_lines',
];

describe.each([sqlite, postgres])('migrations on a fresh $name database', (driver) => {
  beforeAll(() => driver.setUp(), 60_000);
  afterAll(() => driver.tearDown());

  async function freshDataSource(): Promise<DataSource> {
    const source = new DataSource(
      buildDataSourceOptions(await driver.freshDatabase(), { migrations }),
    );
    await source.initialize();
    return source;
  }

  async function names(source: DataSource, query: string): Promise<string[]> {
    const rows = await source.query<{ name: string }[]>(query);
    return rows.map((r) => r.name).sort();
  }

  it('run up to a schema that matches the entities exactly', async () => {
    const source = await freshDataSource();
    try {
      const applied = await source.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(migrations[driver.name].map((m) => m.name));
      expect(await names(source, driver.tablesQuery)).toEqual(
        [...HISTORY_TABLES, MIGRATIONS_TABLE].sort(),
      );
      // The same indexes on both drivers, under the same names.
      expect(await names(source, driver.indexesQuery)).toEqual([
        'ix_chat_messages_room_created',
        'ix_chat_messages_room_id',
        'ix_floor_events_room_at',
        'ix_rtt_changes_room_at',
        'ix_rtt_lines_room_started',
        'uq_chat_messages_room_message_id',
        'uq_participants_room_identity',
        'uq_rtt_lines_room_source_line',
      ]);
      // What synchronize would still do: nothing, when migrations and entities agree.
      const pending = await source.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await source.destroy();
    }
  });

  it('run down to an empty schema, and up again', async () => {
    const source = await freshDataSource();
    try {
      await source.runMigrations();
      for (let i = 0; i < migrations[driver.name].length; i++) {
        await source.undoLastMigration();
      }
      expect(await names(source, driver.tablesQuery)).toEqual([MIGRATIONS_TABLE]);
      expect(await names(source, driver.indexesQuery)).toEqual([]);
      await source.runMigrations();
      expect(await names(source, driver.tablesQuery)).toContain('chat_messages');
      const pending = await source.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await source.destroy();
    }
  });
});
