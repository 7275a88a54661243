export {
  buildDataSourceOptions,
  prepareSqliteFile,
  MIGRATIONS_TABLE,
} from './database/database-options.js';
export type { DatabaseConfig, DataSourceParts } from './database/database-options.js';
export { historyEntities } from './entities/index.js';
