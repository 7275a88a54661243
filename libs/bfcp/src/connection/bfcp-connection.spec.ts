import { describe, expect, it } from '@jest/globals';
import { createLoopbackPair, ManualClock, ManualScheduler } from '@parley/transport';
import { encodeMessage } from '../message/message-encoder.js';
import {
  floorRequest,
  floorRequestStatus,
  floorStatus,
  goodbye,
  hello,
  helloAck,
  readErrorMessage,
  responseHeader,
} from '../message/message-builders.js';
import { decodeMessage } from '../message/message-decoder.js';
import { Primitive } from '../message/primitive.js';
import type { BfcpMessage } from '../message/message.js';
import { BfcpConnection, type InvalidInput } from './bfcp-connection.js';

function pair(options: { unreliable?: boolean; stream?: boolean; requestTimeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const network = new ManualScheduler();
  const { a, b } = createLoopbackPair({
    protocol: 'bfcp',
    schedule: network.schedule,
    properties: options.unreliable ? { ordered: false, maxRetransmits: 0 } : {},
  });
  const framing = options.stream ? ('stream' as const) : undefined;
  const server = new BfcpConnection(a, { role: 'server', clock, framing });
  const client = new BfcpConnection(b, {
    role: 'client',
    clock,
    framing,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const pump = async () => {
    for (let i = 0; i < 20; i++) {
      network.run();
      await Promise.resolve();
    }
  };
  const toClient: BfcpMessage[] = [];
  b.on('message', (d) => {
    if (typeof d !== 'string') {
      toClient.push(decodeMessage(d, { lenient: true }));
    }
  });
  return { clock, a, b, server, client, pump, toClient };
}

const h = (transactionId: number) => ({ conferenceId: 1, transactionId, userId: 2 });

describe('BfcpConnection', () => {
  it('picks reliable (version 1) or unreliable (version 2) from the channel properties', () => {
    expect(pair().client).toMatchObject({ mode: 'reliable', version: 1 });
    expect(pair({ unreliable: true }).client).toMatchObject({ mode: 'unreliable', version: 2 });
  });

  it('matches a response by Conference ID, Transaction ID and User ID; the rest is a notification', async () => {
    const { server, client, pump } = pair();
    const seen: BfcpMessage[] = [];
    server.events.on('message', (m) => {
      seen.push(m);
      server.respond(m, helloAck(responseHeader(m)));
    });
    const notifications: BfcpMessage[] = [];
    client.events.on('message', (m) => notifications.push(m));
    const response = client.request(hello(h(5)));
    void server.notify(floorStatus(h(99), { floorId: 1, requests: [] }));
    await pump();
    expect(await response).toMatchObject({
      primitive: Primitive.HelloAck,
      transactionId: 5,
      responder: false,
    });
    expect(notifications).toEqual([
      expect.objectContaining({ primitive: Primitive.FloorStatus, transactionId: 0 }),
    ]);
    expect(seen).toHaveLength(1);
  });

  it('reliable requests wait without limit unless requestTimeoutMs is set', async () => {
    const { client, clock, pump } = pair({ requestTimeoutMs: 5000 });
    const outcome = client.request(hello(h(1))).catch((e: unknown) => e);
    await pump();
    clock.advance(4999);
    await pump();
    clock.advance(1);
    expect(await outcome).toMatchObject({ code: 'TRANSACTION_TIMEOUT' });
  });

  it('closing fails pending requests and later ones with CONNECTION_CLOSED', async () => {
    const { client, server, pump } = pair();
    const outcome = client.request(hello(h(1))).catch((e: unknown) => e);
    server.close();
    await pump();
    expect(await outcome).toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(client.request(hello(h(2)))).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(client.closed).toBe(true);
  });

  it('refuses a text message on a BFCP channel (BFCP is binary), without an answer', async () => {
    const { b, server, pump, toClient } = pair();
    const invalid: InvalidInput[] = [];
    server.events.on('invalid', (i) => invalid.push(i));
    b.send('20 0b 00 00');
    await pump();
    expect(invalid).toEqual([expect.objectContaining({ answeredWith: undefined })]);
    expect(invalid[0]!.error.message).toContain('binary');
    expect(toClient).toEqual([]);
  });

  it('a client acknowledges server-initiated messages on unreliable transports and answers Goodbye', async () => {
    const { server, client, pump, toClient } = pair({ unreliable: true });
    const fromClient: BfcpMessage[] = [];
    server.channel.on('message', (d) => fromClient.push(decodeMessage(d as Uint8Array)));
    const got: number[] = [];
    client.events.on('message', (m) => got.push(m.primitive));
    const acked = server.notify(
      floorRequestStatus(h(0), {
        floorRequestId: 3,
        overall: { status: 3 },
        floors: [{ floorId: 1 }],
      }),
    );
    await pump();
    await acked;
    const bye = server.request(goodbye(h(77)));
    await pump();
    expect((await bye).primitive).toBe(Primitive.GoodbyeAck);
    expect(fromClient.map((m) => [m.primitive, m.responder])).toEqual([
      [Primitive.FloorRequestStatusAck, true],
      [Primitive.GoodbyeAck, true],
    ]);
    expect(got).toEqual([Primitive.FloorRequestStatus, Primitive.Goodbye]);
    expect(toClient[0]).toMatchObject({ version: 2, responder: false });
    expect(toClient[0]!.transactionId).not.toBe(0);
  });

  it('stream framing (TCP): messages split anywhere are reassembled; garbage closes the connection', async () => {
    const { b, server, pump } = pair({ stream: true });
    const seen: BfcpMessage[] = [];
    server.events.on('message', (m) => seen.push(m));
    const bytes = new Uint8Array([
      ...encodeMessage(hello(h(1))),
      ...encodeMessage(floorRequest(h(2), { floorIds: [7] })),
    ]);
    for (const cut of [
      [0, 5],
      [5, 19],
      [19, bytes.length],
    ]) {
      b.send(bytes.slice(cut[0], cut[1]));
    }
    await pump();
    expect(seen.map((m) => m.transactionId)).toEqual([1, 2]);
    const invalid: InvalidInput[] = [];
    server.events.on('invalid', (i) => invalid.push(i));
    b.send(new Uint8Array([0xe0, 1, 0, 0, 0, 0, 0, 1, 0, 9, 0, 2]));
    await pump();
    expect(invalid[0]?.error.code).toBe('UNSUPPORTED_VERSION');
    expect(server.closed).toBe(true);
  });

  it('a server answers undecodable requests with the Error code of the problem', async () => {
    const { b, server, pump, toClient } = pair();
    const invalid: InvalidInput[] = [];
    server.events.on('invalid', (i) => invalid.push(i));
    const bytes = encodeMessage(floorRequest(h(12), { floorIds: [7] })).slice();
    bytes[12] = 0x0b; // FLOOR-ID becomes REQUEST-STATUS: the FloorRequest ABNF is broken
    b.send(bytes);
    await pump();
    expect(invalid[0]?.answeredWith).toBe(10);
    expect(readErrorMessage(toClient[0]!)).toMatchObject({ code: 10 });
    expect(toClient[0]).toMatchObject({ transactionId: 12, userId: 2, conferenceId: 1 });
  });

  it('ignores the F flag on a reliable channel: 12-octet header, message decoded (RFC 8855 §5.1)', async () => {
    for (const stream of [false, true]) {
      const { b, server, pump, toClient } = pair({ stream });
      const seen: BfcpMessage[] = [];
      const invalid: InvalidInput[] = [];
      server.events.on('message', (m) => seen.push(m));
      server.events.on('invalid', (i) => invalid.push(i));
      const bytes = encodeMessage(floorRequest(h(8), { floorIds: [7] })).slice();
      bytes[0] = (bytes[0] as number) | 0x08; // F set by a sloppy sender: no fragment fields follow
      b.send(bytes);
      await pump();
      expect(invalid).toEqual([]);
      expect(toClient).toEqual([]);
      expect(seen).toEqual([floorRequest(h(8), { floorIds: [7] })]);
    }
  });

  it('an unreliable channel still treats F as a fragment (reassembled, RFC 8855 §6.2.3)', () => {
    const bytes = encodeMessage(floorRequest(h(8), { floorIds: [7] })).slice();
    bytes[0] = (bytes[0] as number) | 0x08;
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'INVALID_FRAGMENT' }),
    );
    expect(decodeMessage(bytes, { reliable: true })).toEqual(floorRequest(h(8), { floorIds: [7] }));
  });
});
