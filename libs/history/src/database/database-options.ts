import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { entitiesForDriver, type HistoryDriver } from './driver-entities.js';
import { historyEntities } from '../entities/index.js';

/**
 * Where Parley keeps its history: sqlite, the embedded default (a file), or PostgreSQL (a
 * `postgres://` or `postgresql://` URL; `?host=/socket/dir` reaches a unix socket) for deployments
 * that want a database server.
 */
export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists
type MigrationList = MixedList<Function | string>;

/** One migration list per driver (the SQL differs), as `@parley/migrations` exports them. */
export type MigrationsByDriver = Readonly<Record<HistoryDriver, MigrationList>>;

export interface DataSourceParts {
  /** Entity classes. Defaults to every entity of @parley/history. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
  readonly entities?: MixedList<Function | string | EntitySchema>;
  /**
   * Migration classes, in order: `migrations` of @parley/migrations (one list per driver; the one
   * for the configured driver is used), or one plain list used as it is.
   */
  readonly migrations?: MigrationsByDriver | MigrationList;
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
  const entities = parts.entities ?? historyEntities;
  const common = {
    entities: entitiesForDriver(
      config.type,
      Array.isArray(entities) ? entities : Object.values(entities),
    ),
    migrations: migrationsFor(config.type, parts.migrations),
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
      return { ...common, type: 'postgres', url: config.url };
  }
}

function isByDriver(list: MigrationsByDriver | MigrationList): list is MigrationsByDriver {
  return !Array.isArray(list) && 'sqlite' in list && 'postgres' in list;
}

function migrationsFor(
  driver: HistoryDriver,
  list: MigrationsByDriver | MigrationList | undefined,
): MigrationList {
  if (list === undefined) {
    return [];
  }
  return isByDriver(list) ? list[driver] : list;
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
