import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { T140Channel } from '@parley/t140';
import { WebSocketAdapter } from '@parley/transport';
import { WebSocket } from 'ws';
import { openFallbackSocket } from './support/fallback-socket.js';
import { MsrpTestClient } from './support/msrp-client.js';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// Rates and counts are bounded per participant, so one client cannot flood the others (defaults:
// chat 5 messages/s with a burst of 20, 3 chat sessions, real-time text 2 x cps with a burst of
// 10 x cps, cps = 30).
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

async function join(identity: string, room: string) {
  const token = await server.token({ identity, room, displayName: identity.toUpperCase() });
  const signaling = await SignalingTestClient.connect(server.wsUrl);
  open.push(signaling);
  const joined = await signaling.join(token, room);
  const services = joined.services as { msrp: { webSocketPath: string } };
  return { token, webSocketPath: services.msrp.webSocketPath };
}

async function socket(protocol: 't140', token: string): Promise<WebSocket> {
  const ws = await openFallbackSocket(server.wsUrl, protocol, token);
  open.push({
    close: () => {
      ws.terminate();
    },
  });
  return ws;
}

describe('limits: one participant cannot flood the others', () => {
  it('answers 403 to chat messages beyond the rate, and the others still get theirs', async () => {
    const alice = await join('alice', 'chat-flood');
    const bob = await join('bob', 'chat-flood');
    const aliceChat = await MsrpTestClient.connect(server.wsUrl, alice.token, alice.webSocketPath);
    const bobChat = await MsrpTestClient.connect(server.wsUrl, bob.token, bob.webSocketPath);
    open.push(aliceChat, bobChat);
    const sends = Array.from(
      { length: 40 },
      (_, i) =>
        aliceChat.session.send({ contentType: 'text/plain', body: `spam ${String(i)}` })
          .acknowledged,
    );
    const outcomes = await Promise.allSettled(sends);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    // 20 at once, then 5 a second: sent within a fraction of a second, most of the rest are refused.
    expect(outcomes.length - refused.length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(15);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/403|too many messages/);
    await bobChat.session.send({ contentType: 'text/plain', body: 'bob is fine' }).acknowledged;
    await pollUntil(() =>
      aliceChat.texts().some((t) => /bob is fine/.test(t)) ? true : undefined,
    );
  });

  it('keeps at most three chat sessions per participant, closing the oldest', async () => {
    const carol = await join('carol', 'sessions');
    const clients: MsrpTestClient[] = [];
    for (let i = 0; i < 4; i++) {
      const client = await MsrpTestClient.connect(server.wsUrl, carol.token, carol.webSocketPath);
      open.push(client);
      clients.push(client);
    }
    await pollUntil(() => (clients[0]?.socket.readyState === WebSocket.CLOSED ? true : undefined), {
      what: 'the oldest session to be closed',
    });
    expect(clients.slice(1).map((c) => c.socket.readyState)).toEqual([
      WebSocket.OPEN,
      WebSocket.OPEN,
      WebSocket.OPEN,
    ]);
  });

  it('drops real-time text beyond the rate with one U+FFFD, and relays the next typist as usual', async () => {
    const alice = await join('alice', 'rtt-flood');
    const bob = await join('bob', 'rtt-flood');
    const carol = await join('carol', 'rtt-flood');
    const aliceSocket = await socket('t140', alice.token);
    const bobRtt = new T140Channel(new WebSocketAdapter(await socket('t140', bob.token)));
    const carolRtt = new T140Channel(new WebSocketAdapter(await socket('t140', carol.token)));
    // 3000 characters at once: far beyond cps 30 (a well-behaved sender queues, this one does not).
    aliceSocket.send(Buffer.from(`\uFEFF${'x'.repeat(3000)}`));
    await pollUntil(() => (bobRtt.receiver.text.includes('\uFFFD') ? true : undefined), {
      what: 'the missing-text marker at bob',
    });
    carolRtt.sender.setText('still here\n');
    await pollUntil(() => (bobRtt.receiver.text.includes('still here') ? true : undefined), {
      what: "carol's text at bob",
    });
    const text = bobRtt.receiver.text;
    const xs = text.split('x').length - 1;
    expect(xs).toBeGreaterThanOrEqual(300); // the burst went through
    expect(xs).toBeLessThan(400);
    expect(text.split('\uFFFD')).toHaveLength(2);
    const transcript = await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/rtt-flood/transcript`, {
        headers: { authorization: `Bearer ${bob.token}` },
      });
      const lines = (await response.json()) as { sourceIdentity: string; text: string }[];
      return lines.some((l) => l.sourceIdentity === 'alice' && l.text.includes('\uFFFD'))
        ? lines
        : undefined;
    });
    const aliceLine = transcript.find((l) => l.sourceIdentity === 'alice');
    expect(aliceLine?.text.length).toBeLessThan(400);
  }, 60_000); // the RFC 9071 mixer switches to carol only after alice's idle time

  it('counts a cluster of thousands of combining marks by its size, not as one character', async () => {
    const eve = await join('eve', 'rtt-marks');
    const frank = await join('frank', 'rtt-marks');
    const eveSocket = await socket('t140', eve.token);
    const frankRtt = new T140Channel(new WebSocketAdapter(await socket('t140', frank.token)));
    // One grapheme cluster of 20 001 UTF-16 units (40 KB of UTF-8), far above the burst.
    eveSocket.send(Buffer.from(`\uFEFFa${'\u0301'.repeat(20_000)}`));
    // What the relay accepted is what the transcript stores: the marker, not the cluster.
    const line = await pollUntil(
      async () => {
        const response = await fetch(`${server.url}/api/conferences/rtt-marks/transcript`, {
          headers: { authorization: `Bearer ${frank.token}` },
        });
        const lines = (await response.json()) as { sourceIdentity: string; text: string }[];
        return lines.find((l) => l.sourceIdentity === 'eve' && l.text.includes('\uFFFD'));
      },
      { what: "eve's line in the transcript", timeoutMs: 20_000 },
    );
    expect(line.text).not.toContain('\u0301');
    expect(frankRtt.receiver.text).not.toContain('\u0301');
  });
});
