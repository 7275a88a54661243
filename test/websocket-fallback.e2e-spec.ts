import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { BfcpConnection, FloorParticipant, Primitive, RequestStatus } from '@parley/bfcp';
import { T140Channel } from '@parley/t140';
import { WebSocketAdapter } from '@parley/transport';
import { WebSocket } from 'ws';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const open: { close(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const thing of open.splice(0)) {
    thing.close();
  }
});
afterAll(async () => {
  await server.close();
});

/** A client without WebRTC: it joins through signaling, sends no offer, and uses the WebSocket endpoints. */
async function webSocketOnly(identity: string, room: string) {
  const token = await server.token({ identity, room, displayName: identity.toUpperCase() });
  const signaling = await SignalingTestClient.connect(server.wsUrl);
  open.push(signaling);
  const joined = await signaling.join(token, room);
  return {
    token,
    joined,
    services: joined.services as { bfcp: { conferenceId: number; userId: number } },
  };
}

async function socket(
  path: string,
  protocols: string[],
): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${server.wsUrl}${path}`, protocols);
  open.push({
    close: () => {
      ws.terminate();
    },
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
    });
  });
  // Open, or closed at once (a refused socket may be closed before this side sees it open).
  await Promise.race([
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('error', reject);
    }),
    closed,
  ]);
  return { ws, closed };
}

describe('WebSocket fallbacks on the same server and engines', () => {
  it('speaks BFCP over WebSocket (RFC 8857): Hello gets HelloAck, a request is granted by the automatic policy', async () => {
    const alice = await webSocketOnly('alice', 'ws-bfcp');
    const { ws } = await socket(`/bfcp?token=${encodeURIComponent(alice.token)}`, ['bfcp']);
    expect(ws.protocol).toBe('bfcp');
    const client = new FloorParticipant(
      new BfcpConnection(new WebSocketAdapter(ws), { role: 'client' }),
      alice.services.bfcp,
    );
    const ack = await client.hello();
    expect(ack.primitives).toEqual(
      expect.arrayContaining([Primitive.FloorRequest, Primitive.FloorRelease, Primitive.Hello]),
    );
    const granted = new Promise<void>((resolve) => {
      client.events.on('status', (s) => {
        if (s.overall?.status === RequestStatus.Granted) {
          resolve();
        }
      });
    });
    await client.requestFloor({ floorIds: [1] });
    await granted;
  });

  it('relays real-time text over WebSocket as one mixed stream (RFC 9071 presentation)', async () => {
    const alice = await webSocketOnly('alice', 'ws-rtt');
    const bob = await webSocketOnly('bob', 'ws-rtt');
    const aliceSocket = await socket(`/t140?token=${encodeURIComponent(alice.token)}`, ['t140']);
    const bobSocket = await socket(`/t140?token=${encodeURIComponent(bob.token)}`, ['t140']);
    const aliceRtt = new T140Channel(new WebSocketAdapter(aliceSocket.ws));
    const bobRtt = new T140Channel(new WebSocketAdapter(bobSocket.ws));
    aliceRtt.sender.setText('hi bob\n');
    const seen = await pollUntil(
      () => (bobRtt.receiver.text.includes('hi bob') ? bobRtt.receiver.text : undefined),
      { what: "alice's text at bob" },
    );
    expect(seen).toContain('ALICE');
  });

  it('gives a mixed-stream viewer who arrives mid-line the line so far', async () => {
    const alice = await webSocketOnly('alice', 'ws-late');
    const aliceSocket = await socket(`/t140?token=${encodeURIComponent(alice.token)}`, ['t140']);
    const aliceRtt = new T140Channel(new WebSocketAdapter(aliceSocket.ws));
    aliceRtt.sender.setText('typed before bob came');
    // Stored: the relay has taken it in (the transcript's current line).
    await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/ws-late/transcript`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      const lines = (await response.json()) as { text: string }[];
      return lines.some((l) => l.text === 'typed before bob came') ? true : undefined;
    });
    const bob = await webSocketOnly('bob', 'ws-late');
    const bobSocket = await socket(`/t140?token=${encodeURIComponent(bob.token)}`, ['t140']);
    const bobRtt = new T140Channel(new WebSocketAdapter(bobSocket.ws));
    await pollUntil(
      () => (bobRtt.receiver.text.includes('typed before bob came') ? true : undefined),
      { what: "alice's unfinished line at bob" },
    );
  });

  it('refuses a socket without the subprotocol (1002), with a bad token (4002), or before joining (4004)', async () => {
    const alice = await webSocketOnly('alice', 'ws-refusals');
    const noProtocol = await socket(`/bfcp?token=${encodeURIComponent(alice.token)}`, []);
    expect(await noProtocol.closed).toMatchObject({ code: 1002 });
    const badToken = await socket('/msrp?token=nope', ['msrp']);
    expect(await badToken.closed).toMatchObject({ code: 4002 });
    const stranger = await server.token({ identity: 'stranger', room: 'ws-refusals' });
    const notJoined = await socket(`/t140?token=${encodeURIComponent(stranger)}`, ['t140']);
    expect(await notJoined.closed).toMatchObject({
      code: 4004,
      reason: 'join the room through /signaling first',
    });
  });
});
