import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MsrpTestClient } from './support/msrp-client.js';
import { pollUntil } from './support/poll-until.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { runParley, type CollectedProcess } from './support/process.js';
import { SignalingTestClient } from './support/signaling-client.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) {
    close();
  }
});

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres.stop();
});

async function serve(databaseUrl: string): Promise<{ process: CollectedProcess; url: string }> {
  const process = runParley(['serve', '--port', '0', '--host', '127.0.0.1'], {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'postgres-postgres-postgres-postgres-0123',
    LOG_LEVEL: 'info', // the start line names the database
  });
  closers.push(() => {
    process.kill('SIGKILL');
  });
  const [, url, database] = await process.waitFor(/listening on (http:\/\/\S+) \(database: (\w+)/);
  expect(database).toBe('postgres');
  return { process, url: url! };
}

describe('the server on PostgreSQL (DATABASE_URL)', () => {
  it('stores chat in PostgreSQL, serves it from the history API, keeps it over a restart, and /health pings it', async () => {
    const databaseUrl = postgres.url;
    const first = await serve(databaseUrl);
    const tokenFor = async (identity: string) => {
      const response = await fetch(`${first.url}/api/dev/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity, room: 'pg', displayName: identity }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const token = await tokenFor('alice');
    const wsUrl = first.url.replace(/^http/, 'ws');
    const signaling = await SignalingTestClient.connect(wsUrl);
    closers.push(() => {
      signaling.close();
    });
    const joined = await signaling.join(token, 'pg');
    const services = joined.services as { msrp: { webSocketPath: string } };
    const chat = await MsrpTestClient.connect(wsUrl, token, services.msrp.webSocketPath);
    closers.push(() => {
      chat.close();
    });
    const ids: string[] = [];
    const texts = ['plain', 'ünïcødé ✓', 'line 1\r\nline 2', '', 'last'];
    for (const body of texts) {
      const sent = chat.session.send({ contentType: 'text/plain', body });
      await sent.acknowledged;
      ids.push(sent.messageId);
    }

    const get = async <T>(base: string, path: string): Promise<T> => {
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    type Page = { messages: { messageId: string; text: string }[] };
    const before = await get<Page>(first.url, '/api/conferences/pg/messages?limit=100');
    expect(before.messages.map((m) => [m.messageId, m.text])).toEqual(
      ids.map((id, i) => [id, texts[i]]),
    );
    // The rows are in PostgreSQL itself, bytes as sent (bytea).
    const direct = new DataSource({ type: 'postgres', url: databaseUrl });
    await direct.initialize();
    try {
      const rows = await direct.query<{ message_id: string; body: Buffer }[]>(
        `SELECT message_id, body FROM chat_messages WHERE room = 'pg' ORDER BY id`,
      );
      expect(rows.map((r) => [r.message_id, r.body.toString('utf8')])).toEqual(
        ids.map((id, i) => [id, texts[i]]),
      );
    } finally {
      await direct.destroy();
    }

    // Killed without a graceful shutdown, started again on the same database.
    first.process.kill('SIGKILL');
    expect(await first.process.exited).toMatchObject({ signal: 'SIGKILL' });
    const second = await serve(databaseUrl);
    const after = await get<Page>(second.url, '/api/conferences/pg/messages?limit=100');
    expect(after.messages.map((m) => m.messageId)).toEqual(ids);

    const health = await fetch(`${second.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
    });

    // PostgreSQL goes away: /health says so.
    await postgres.stop();
    const down = await pollUntil(
      async () => {
        const response = await fetch(`${second.url}/health`);
        return response.status === 503 ? response : undefined;
      },
      { what: '/health answering 503 once PostgreSQL is gone' },
    );
    expect(await down.json()).toMatchObject({ status: 'error' });
  });
});
