import { describe, expect, it } from '@jest/globals';
import { expectReadmeShowsExample } from '../../../test/support/readme.js';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { TokenService } from './auth/token.service.js';
import { pollUntil } from '../../../test/support/poll-until.js';
import { startMyApp } from './__fixtures__/readme-example.js';

describe('README', () => {
  it('shows the example this test runs, verbatim', () => {
    expectReadmeShowsExample(
      new URL('../README.md', import.meta.url),
      new URL('./__fixtures__/readme-example.ts', import.meta.url),
    );
  });

  it('runs: the mounted app admits a participant through /signaling', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-readme-'));
    let app: INestApplication | undefined;
    try {
      app = await startMyApp(join(dir, 'app.sqlite'), 'readme-secret-readme-secret-readme-01');
      const port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
      const token = await app
        .get(TokenService)
        .issue({ identity: 'ann', room: 'demo', displayName: 'Ann' });
      const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/signaling`);
      const messages: { type: string; services?: Record<string, unknown> }[] = [];
      socket.on('message', (data) =>
        messages.push(JSON.parse((data as Buffer).toString('utf8')) as { type: string }),
      );
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'authenticate', token }));
      socket.send(JSON.stringify({ type: 'join', room: 'demo' }));
      const joined = await pollUntil(() => messages.find((m) => m.type === 'joined'), {
        what: 'joined',
      });
      socket.close();
      expect(joined.services).toMatchObject({
        bfcp: { floors: [{ floorId: 1, name: 'speak' }] },
        msrp: { historyCount: 20 },
      });
    } finally {
      await app?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
