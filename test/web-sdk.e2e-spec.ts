import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import wrtc from '@roamhq/wrtc';
import {
  ParleyClient,
  type ChatMessage,
  type ClientPlatform,
  type ClientState,
} from '@parley/client';
import { systemClock } from '@parley/transport';
import { WebSocket } from 'ws';
import { pollUntil } from './support/poll-until.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// @parley/client outside a browser: the same SDK with Node's platform pieces (the `ws` WebSocket,
// @roamhq/wrtc's RTCPeerConnection, fetch), against the real server. Covers what the web client
// does not choose: channels negotiated in SDP (RFC 8864 dcmap/dcsa), and getting the signaling
// connection back after it drops.

let server: TestServer;
const clients: ParleyClient[] = [];

beforeAll(async () => {
  // The history test writes 60 messages as fast as the switch stores them: above the default
  // chat rate (5/s, 20 at once), which test/limits.e2e-spec.ts covers.
  server = await startTestServer({ CHAT_RATE_LIMIT: '1000/1000' });
});

afterEach(async () => {
  for (const client of clients.splice(0)) {
    await client.leave();
  }
});

afterAll(async () => {
  await server.close();
});

function nodePlatform(sockets: WebSocket[] = []): ClientPlatform {
  return {
    createWebSocket: (url, protocols) => {
      const socket = new WebSocket(url, protocols ? [...protocols] : undefined);
      sockets.push(socket);
      return socket;
    },
    createPeerConnection: (configuration) =>
      new wrtc.RTCPeerConnection({
        iceServers: configuration.iceServers.map((s) => ({ ...s, urls: [s.urls].flat() })),
      }),
    fetch: (url, init) => fetch(url, init),
    clock: systemClock,
  };
}

async function connect(
  identity: string,
  room: string,
  options: Partial<ConstructorParameters<typeof ParleyClient>[0]> = {},
): Promise<ParleyClient> {
  const client = new ParleyClient({
    serverUrl: server.url,
    token: await server.token({ identity, displayName: identity.toUpperCase(), room }),
    platform: nodePlatform(),
    ...options,
  });
  clients.push(client);
  await client.connect();
  return client;
}

function received(client: ParleyClient): ChatMessage[] {
  const messages: ChatMessage[] = [];
  client.chat.events.on('message', (m) => {
    if (m.direction === 'incoming') {
      messages.push(m);
    }
  });
  return messages;
}

describe('@parley/client in Node against the real server', () => {
  it('opens its channels in-band, negotiated in SDP, or over WebSocket, and all three chat', async () => {
    const inBand = await connect('in-band', 'sdk-room', { negotiation: 'in-band' });
    const negotiated = await connect('negotiated', 'sdk-room', { negotiation: 'sdp' });
    const websocket = await connect('websocket', 'sdk-room', { transport: 'websocket' });
    expect([inBand.transport, negotiated.transport, websocket.transport]).toEqual([
      'webrtc',
      'webrtc',
      'websocket',
    ]);
    const atInBand = received(inBand);
    const atNegotiated = received(negotiated);
    const atWebsocket = received(websocket);

    // Both at once: the history store takes concurrent writes.
    const sent = negotiated.chat.send('through negotiated channels');
    websocket.chat.send('through the fallback');
    await pollUntil(
      () =>
        atInBand.length === 2 && atNegotiated.length === 1 && atWebsocket.length === 1
          ? true
          : undefined,
      {
        what: 'every message at every other participant',
      },
    );
    expect(atInBand.map((m) => `${m.sender.identity}: ${m.text}`).sort()).toEqual([
      'negotiated: through negotiated channels',
      'websocket: through the fallback',
    ]);
    expect(atWebsocket[0]).toMatchObject({
      sender: { identity: 'negotiated', displayName: 'NEGOTIATED' },
    });
    await pollUntil(() =>
      negotiated.chat.messages.find(
        (m) => m.messageId === sent.messageId && m.state === 'delivered',
      ),
    );
  });

  it('gets the recent history on joining and pages older messages from the history API', async () => {
    const writer = await connect('writer', 'sdk-history');
    for (let i = 1; i <= 60; i++) {
      // One after another, as people write: each is stored (200) before the next is sent.
      const { messageId } = writer.chat.send(`message ${i}`);
      await pollUntil(() =>
        writer.chat.messages.find((m) => m.messageId === messageId && m.state !== 'sending'),
      );
    }
    const reader = await connect('reader', 'sdk-history');
    // The switch replays the 50 most recent, oldest first (docs/conference.md).
    await pollUntil(() => (reader.chat.messages.length === 50 ? true : undefined), {
      what: 'the replayed history',
    });
    expect(reader.chat.messages[0]?.text).toBe('message 11');
    expect(reader.chat.hasEarlier).toBe(true);
    const older: string[] = [];
    while (reader.chat.hasEarlier) {
      older.push(...(await reader.chat.loadEarlier()).map((m) => m.text));
    }
    expect(older.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `message ${i + 1}`).sort());
    expect(reader.chat.messages.map((m) => m.text)).toEqual(
      Array.from({ length: 60 }, (_, i) => `message ${i + 1}`),
    );
  });

  it('gets the signaling connection back after it drops, as the same participant', async () => {
    const sockets: WebSocket[] = [];
    const alice = new ParleyClient({
      serverUrl: server.url,
      token: await server.token({ identity: 'alice', room: 'sdk-resume' }),
      platform: nodePlatform(sockets),
    });
    clients.push(alice);
    await alice.connect();
    const bob = await connect('bob', 'sdk-resume');
    const atBob = received(bob);
    const states: ClientState[] = [];
    alice.events.on('state', (s) => states.push(s));
    const participantId = alice.self.participantId;

    const carol = await connect('carol', 'sdk-resume');
    const left: string[] = [];
    alice.events.on('participant-left', (p) => left.push(p.identity));

    sockets[0]?.terminate(); // the signaling socket dies without a leave
    await carol.leave(); // while Alice cannot hear it
    await pollUntil(() => (states.includes('connected') ? true : undefined), {
      what: 'the client to reconnect',
      timeoutMs: 15_000,
    });
    expect(states).toEqual(['reconnecting', 'connected']);
    expect(alice.self.participantId).toBe(participantId);
    expect(left).toEqual(['carol']); // learnt from the participant list on rejoining
    expect([...alice.participants.values()].map((p) => p.identity).sort()).toEqual([
      'alice',
      'bob',
    ]);
    alice.chat.send('still here'); // the data channels never went away
    await pollUntil(() => atBob.find((m) => m.text === 'still here'));
  });
});
