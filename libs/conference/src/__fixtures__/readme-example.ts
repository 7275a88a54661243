import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WsAdapter } from '@nestjs/platform-ws';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ParleyModule } from '@parley/conference';
import { buildDataSourceOptions, prepareSqliteFile } from '@parley/history';
import { migrations } from '@parley/migrations';

/** Your NestJS app, with Parley's conferences mounted in it. */
export async function startMyApp(sqlitePath: string, jwtSecret: string): Promise<INestApplication> {
  @Module({
    imports: [
      // Parley keeps its history in your TypeORM DataSource, built by its options builder.
      TypeOrmModule.forRoot(
        buildDataSourceOptions(
          { type: 'sqlite', path: prepareSqliteFile(sqlitePath) },
          { migrations, migrationsRun: true },
        ),
      ),
      ParleyModule.forRootAsync({
        useFactory: () => ({
          auth: { jwtSecret },
          floor: { floors: [{ floorId: 1, name: 'speak' }] },
          chat: { historyCount: 20 },
        }),
      }),
    ],
  })
  class MyAppModule {}

  const app = await NestFactory.create(MyAppModule, { logger: false });
  app.useWebSocketAdapter(new WsAdapter(app)); // /signaling, /msrp, /bfcp, /t140
  await app.listen(0, '127.0.0.1');
  return app;
}
