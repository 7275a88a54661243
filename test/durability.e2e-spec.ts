import { afterEach, describe, expect, it } from '@jest/globals';
import { BfcpConnection, FloorParticipant, RequestStatus } from '@parley/bfcp';
import { T140Channel } from '@parley/t140';
import { WebSocketAdapter } from '@parley/transport';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { openFallbackSocket } from './support/fallback-socket.js';
import { MsrpTestClient } from './support/msrp-client.js';
import { pollUntil } from './support/poll-until.js';
import { runParley, type CollectedProcess } from './support/process.js';
import { SignalingTestClient } from './support/signaling-client.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) {
    close();
  }
});

async function serve(
  dir: string,
): Promise<{ process: CollectedProcess; url: string; wsUrl: string }> {
  const process = runParley(['serve', '--port', '0', '--host', '127.0.0.1'], {
    SQLITE_PATH: join(dir, 'parley.sqlite'),
    JWT_SECRET: 'durability-durability-durability-0123',
    LOG_LEVEL: 'warn',
  });
  closers.push(() => {
    process.kill('SIGKILL');
  });
  const [, url] = await process.waitFor(/listening on (http:\/\/\S+) /);
  return { process, url: url!, wsUrl: url!.replace(/^http/, 'ws') };
}

async function openSocket(
  wsUrl: string,
  protocol: 'bfcp' | 't140',
  token: string,
): Promise<WebSocket> {
  const ws = await openFallbackSocket(wsUrl, protocol, token);
  closers.push(() => {
    ws.terminate();
  });
  return ws;
}

describe('durability: the server is killed mid-conversation and started again', () => {
  it('keeps every acknowledged message, real-time text line and floor event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-durability-'));
    closers.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const first = await serve(dir);
    const tokenFor = async (identity: string) => {
      const response = await fetch(`${first.url}/api/dev/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity, room: 'durable', displayName: identity }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const token = await tokenFor('alice');
    const bobToken = await tokenFor('bob');
    const signaling = await SignalingTestClient.connect(first.wsUrl);
    closers.push(() => {
      signaling.close();
    });
    const joined = await signaling.join(token, 'durable');
    const bob = await SignalingTestClient.connect(first.wsUrl);
    closers.push(() => {
      bob.close();
    });
    await bob.join(bobToken, 'durable');
    const services = joined.services as {
      msrp: { webSocketPath: string };
      bfcp: { conferenceId: number; userId: number };
    };

    // Floor events: a request granted by the automatic policy, then released.
    const floorSocket = await openSocket(first.wsUrl, 'bfcp', token);
    const floor = new FloorParticipant(
      new BfcpConnection(new WebSocketAdapter(floorSocket), { role: 'client' }),
      services.bfcp,
    );
    const grants: number[] = [];
    const grantListeners: ((id: number) => void)[] = [];
    floor.events.on('status', (s) => {
      if (s.overall?.status === RequestStatus.Granted) {
        grants.push(s.floorRequestId);
        grantListeners.shift()?.(s.floorRequestId);
      }
    });
    const nextGrant = () =>
      new Promise<number>((resolve) => {
        grantListeners.push(resolve);
      });
    const granted = nextGrant();
    await floor.requestFloor({ floorIds: [1] });
    await floor.release(await granted);

    // Real-time text: two finished lines, as far as bob has seen them (RTT has no acknowledgement:
    // what another participant saw is what was said).
    const rttSocket = await openSocket(first.wsUrl, 't140', token);
    const rtt = new T140Channel(new WebSocketAdapter(rttSocket));
    const bobRttSocket = await openSocket(first.wsUrl, 't140', bobToken);
    const bobRtt = new T140Channel(new WebSocketAdapter(bobRttSocket));
    rtt.sender.setText('first line\nsecond line\n');
    await pollUntil(() => (/second line\n/.test(bobRtt.receiver.text) ? true : undefined), {
      what: "alice's lines at bob",
    });

    // Chat: 20 messages, each acknowledged (200) by the switch.
    const chat = await MsrpTestClient.connect(first.wsUrl, token, services.msrp.webSocketPath);
    closers.push(() => {
      chat.close();
    });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = chat.session.send({ contentType: 'text/plain', body: `message ${String(i)}` });
      await sent.acknowledged;
      ids.push(sent.messageId);
    }
    // The floor again: the moment alice sees it granted, kill at once, no graceful shutdown (the
    // last 200 arrived just before). A participant saw the grant, so the history must have it.
    const grantedAgain = nextGrant();
    void floor.requestFloor({ floorIds: [1] });
    await grantedAgain;
    first.process.kill('SIGKILL');
    expect(await first.process.exited).toMatchObject({ signal: 'SIGKILL' });

    const second = await serve(dir);
    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${second.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    const page = await get<{ messages: { messageId: string; text: string }[] }>(
      '/api/conferences/durable/messages?limit=100',
    );
    expect(page.messages.map((m) => m.messageId)).toEqual(ids);
    const transcript = await get<{ text: string; completedAt: number | null }[]>(
      '/api/conferences/durable/transcript',
    );
    expect(transcript.filter((l) => l.completedAt !== null).map((l) => l.text)).toEqual([
      'first line',
      'second line',
    ]);
    const events = await get<{ kind: string }[]>('/api/conferences/durable/floor-events');
    expect(events.map((e) => e.kind)).toEqual([
      'requested',
      'accepted',
      'granted',
      'released',
      'requested',
      'accepted',
      'granted',
    ]);
    expect(grants).toHaveLength(2);
  });
});
