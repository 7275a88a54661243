import type { MigrationsByDriver } from '@parley/history';
import { Initial1795669375236 } from './1795669375236-Initial.js';
import { InitialPostgres1795669375236 } from './postgres/1795669375236-InitialPostgres.js';

/**
 * Every migration, oldest first, one list per driver: the SQL differs, the schema they build is
 * the same. Generated with `npm run migration:generate -- migrations/<Name>` (sqlite) and
 * `DATABASE_URL=postgres://... npm run migration:generate -- migrations/postgres/<Name>Postgres`
 * (PostgreSQL), then listed here. Landed migrations are never edited: a change is a new migration
 * in both lists.
 */
export const sqliteMigrations = [Initial1795669375236];
export const postgresMigrations = [InitialPostgres1795669375236];

/** Pass as `buildDataSourceOptions(config, { migrations })`: the list of the configured driver is used. */
export const migrations = {
  sqlite: sqliteMigrations,
  postgres: postgresMigrations,
} satisfies MigrationsByDriver;
