/**
 * The DataSource the TypeORM CLI uses (npm run migration:generate|run|revert). It reads the same
 * variables as the server, through the same options builder.
 */
import { buildDataSourceOptions, prepareSqliteFile, type DatabaseConfig } from '@parley/history';
import { DataSource } from 'typeorm';
import { migrations } from './index.js';

function databaseFromEnvironment(env: NodeJS.ProcessEnv): DatabaseConfig {
  if (env['DATABASE_URL']) {
    return { type: 'postgres', url: env['DATABASE_URL'] };
  }
  return { type: 'sqlite', path: prepareSqliteFile(env['SQLITE_PATH'] ?? './data/parley.sqlite') };
}

export default new DataSource(
  buildDataSourceOptions(databaseFromEnvironment(process.env), { migrations }),
);
