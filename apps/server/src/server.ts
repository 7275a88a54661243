import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import type { ServerConfig } from './config/server-config.js';
import { serveWebApp } from './web/web-app.js';

/** Builds the Nest application without listening (tests call this, then `listen(0)`). */
export async function createServerApp(config: ServerConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    forceCloseConnections: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(new WsAdapter(app));
  serveWebApp(app);
  const openApi = new DocumentBuilder()
    .setTitle('Parley')
    .setDescription(
      'History of conferences: chat messages, real-time text transcripts and floor events; floor moderation. Authenticate with a participant token (Bearer).',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  if (config.jwtSecretGenerated) {
    app
      .get(Logger)
      .warn(
        'JWT_SECRET is not set: tokens are signed with a random secret that lasts until this process ends',
        'Parley',
      );
  }
  return app;
}

export interface RunningServer {
  readonly app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
}

/** Creates the app, listens on the configured host and port, and says where. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const app = await createServerApp(config);
  await app.listen(config.port, config.host);
  const server = app.getHttpServer() as { address(): AddressInfo | string | null };
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const logger = app.get(Logger);
  logger.log(
    `Parley listening on ${url} (database: ${config.database.type === 'sqlite' ? `sqlite ${config.database.path}` : 'postgres'})`,
    'Parley',
  );
  return { app, url, port };
}
