import type { INestApplication } from '@nestjs/common';
import { TokenService, type IssueTokenRequest } from '@parley/conference';
import { loadServerConfig, startServer } from '@parley/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestServer {
  readonly app: INestApplication;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** ws://127.0.0.1:<port> */
  readonly wsUrl: string;
  readonly sqlitePath: string;
  token(request: Partial<IssueTokenRequest> & { identity: string }): Promise<string>;
  close(): Promise<void>;
}

/** The real server on port 0 with a fresh sqlite file in a temp directory. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const sqlitePath = join(dir, 'parley.sqlite');
  const config = loadServerConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env['PARLEY_TEST_LOG_LEVEL'] ?? 'silent',
    SQLITE_PATH: sqlitePath,
    JWT_SECRET: TEST_JWT_SECRET,
    ...env,
  });
  const { app, url } = await startServer(config);
  const tokens = app.get(TokenService);
  return {
    app,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    sqlitePath,
    token: (request) => tokens.issue({ room: 'room-1', displayName: request.identity, ...request }),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
