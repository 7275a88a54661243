import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions, prepareSqliteFile, type DatabaseConfig } from '@parley/history';
import { migrations } from '@parley/migrations';
import { LoggerModule } from 'nestjs-pino';
import { SERVER_CONFIG } from './config/config.tokens.js';
import type { ServerConfig } from './config/server-config.js';
import { HealthModule } from './health/health.module.js';

function databaseOptions(database: DatabaseConfig) {
  const resolved: DatabaseConfig =
    database.type === 'sqlite'
      ? { type: 'sqlite', path: prepareSqliteFile(database.path) }
      : database;
  return buildDataSourceOptions(resolved, { migrations, migrationsRun: true });
}

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            autoLogging: { ignore: (req) => req.url === '/health' },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        TypeOrmModule.forRootAsync({ useFactory: () => databaseOptions(config.database) }),
        HealthModule,
      ],
      providers: [{ provide: SERVER_CONFIG, useValue: config }],
      exports: [SERVER_CONFIG],
    };
  }
}
