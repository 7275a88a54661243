import { buildDataSourceOptions, historyEntities, MIGRATIONS_TABLE } from '@parley/history';
import { migrations } from '@parley/migrations';
import { DataSource } from 'typeorm';

/** The one options builder: the server, the tests and the TypeORM CLI all build their DataSource here. */
export async function openHistory(path: string): Promise<DataSource> {
  const source = new DataSource(
    buildDataSourceOptions({ type: 'sqlite', path }, { migrations, migrationsRun: true }),
  );
  await source.initialize(); // runs pending migrations; synchronize is always off
  return source;
}

export const tables = {
  entities: historyEntities.length,
  bookkeeping: MIGRATIONS_TABLE,
};
