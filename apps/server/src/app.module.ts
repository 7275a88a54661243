import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ParleyModule, type ParleyModuleOptions } from '@parley/conference';
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

/** What ParleyModule gets from the server's configuration. */
export function parleyOptions(config: ServerConfig): ParleyModuleOptions {
  return {
    auth: { jwtSecret: config.jwtSecret, devTokens: config.devTokens },
    ice: {
      stunUrls: config.stunUrls,
      turnUrls: config.turnUrls,
      ...(config.turnSharedSecret === undefined
        ? {}
        : { turnSharedSecret: config.turnSharedSecret }),
      turnCredentialTtlSeconds: config.turnTtlSeconds,
    },
    webrtc: {
      ...(config.webrtcPortRange === undefined ? {} : { portRange: config.webrtcPortRange }),
      ...(config.webrtcBindAddress === undefined ? {} : { bindAddress: config.webrtcBindAddress }),
    },
    signaling: { reconnectGraceMs: config.reconnectGraceMs },
    chat: {
      messagesPerSecond: config.chatRateLimit.perSecond,
      messageBurst: config.chatRateLimit.burst,
    },
  };
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
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'],
          },
        }),
        TypeOrmModule.forRootAsync({ useFactory: () => databaseOptions(config.database) }),
        HealthModule,
        ParleyModule.forRoot(parleyOptions(config)),
      ],
      providers: [{ provide: SERVER_CONFIG, useValue: config }],
      exports: [SERVER_CONFIG],
    };
  }
}
