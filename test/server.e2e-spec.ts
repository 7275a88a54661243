import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { loadServerConfig, startServer } from '@parley/server';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';

describe('server on sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const sqlitePath = join(dir, 'nested', 'parley.sqlite');
  let app: INestApplication<Server>;

  beforeAll(async () => {
    const config = loadServerConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SQLITE_PATH: sqlitePath,
    });
    app = (await startServer(config)).app as INestApplication<Server>;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers GET /health with the database up', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('created the sqlite file, its directory and the migrations table', async () => {
    expect(existsSync(sqlitePath)).toBe(true);
    const probe = new DataSource({ type: 'sqlite', database: sqlitePath });
    await probe.initialize();
    try {
      const tables = await probe.query<{ name: string }[]>(
        `SELECT name FROM sqlite_master WHERE type = 'table'`,
      );
      expect(tables.map((t) => t.name)).toContain('parley_migrations');
    } finally {
      await probe.destroy();
    }
  });

  it('answers 404 for an unknown route', async () => {
    await request(app.getHttpServer()).get('/nope').expect(404);
  });
});
