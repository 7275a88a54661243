import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions, MixedList } from 'typeorm';
import { historyEntities } from '../entities/index.js';

/**
 * Where Parley keeps its history: sqlite, the embedded default. PostgreSQL is the planned store
 * for larger deployments, but not supported yet: the migrations and one query (the private-message
 * filter) are sqlite's, so `postgres` is refused here with a clear error rather than half working.
 */
export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string };

export interface DataSourceParts {
  /** Entity classes. Defaults to every entity of @parley/history. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
  readonly entities?: MixedList<Function | string>;
  /** Migration classes, in order (from @parley/migrations). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists
  readonly migrations?: MixedList<Function | string>;
  /** Run pending migrations when the DataSource initialises (the server does; the CLI data source does not). */
  readonly migrationsRun?: boolean;
}

/** The name of TypeORM's bookkeeping table. */
export const MIGRATIONS_TABLE = 'parley_migrations';

/**
 * The one place DataSource options are built: the server, the tests and `migrations/data-source.ts`
 * (the TypeORM CLI) all call it, so they can never disagree. `synchronize` is always off: the schema
 * only ever changes through migrations.
 */
export function buildDataSourceOptions(
  config: DatabaseConfig,
  parts: DataSourceParts = {},
): DataSourceOptions {
  const common = {
    entities: parts.entities ?? historyEntities,
    migrations: parts.migrations ?? [],
    migrationsRun: parts.migrationsRun ?? false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  switch (config.type) {
    case 'sqlite':
      return { ...common, type: 'sqlite', database: config.path };
    case 'postgres':
      throw new Error(
        'PostgreSQL is not supported yet: the migrations are written for sqlite (use a sqlite path)',
      );
  }
}

/**
 * Creates the directory that will hold a sqlite file, if missing. In-memory databases (":memory:")
 * need nothing. Returns the absolute path of the file.
 */
export function prepareSqliteFile(path: string): string {
  if (path === ':memory:') {
    return path;
  }
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}
