import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { T140Channel } from '@parley/t140';
import { WebSocketAdapter } from '@parley/transport';
import { openFallbackSocket } from './support/fallback-socket.js';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// Rooms share one server process: nothing typed in one may reach another. WebSocket clients take
// the RFC 9071 mixed stream, which carries every source of the viewer's room, and only those.
let server: TestServer;
const open: { close(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const thing of open.splice(0).reverse()) {
    thing.close();
  }
});
afterAll(async () => {
  await server.close();
});

async function typist(identity: string, room: string): Promise<T140Channel> {
  const token = await server.token({ identity, room, displayName: identity.toUpperCase() });
  const signaling = await SignalingTestClient.connect(server.wsUrl);
  open.push(signaling);
  await signaling.join(token, room);
  const ws = await openFallbackSocket(server.wsUrl, 't140', token);
  open.push({
    close: () => {
      ws.terminate();
    },
  });
  return new T140Channel(new WebSocketAdapter(ws));
}

describe('room isolation', () => {
  it('relays real-time text only within its room', async () => {
    const alice = await typist('alice', 'room-a');
    const bob = await typist('bob', 'room-a');
    const carol = await typist('carol', 'room-b');
    const dave = await typist('dave', 'room-b');
    alice.sender.setText('secret of room a\n');
    carol.sender.setText('hello from room b\n');
    await pollUntil(() => (bob.receiver.text.includes('secret of room a') ? true : undefined), {
      what: "alice's text at bob",
    });
    await pollUntil(() => (dave.receiver.text.includes('hello from room b') ? true : undefined), {
      what: "carol's text at dave",
    });
    // Both lines ended: the mixer had every chance to pass them on.
    expect(dave.receiver.text).not.toContain('secret');
    expect(dave.receiver.text).not.toContain('ALICE');
    expect(carol.receiver.text).not.toContain('secret');
    expect(bob.receiver.text).not.toContain('room b');
  });
});
