import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import { BfcpError } from '../errors.js';
import type { BfcpMessage } from '../message/message.js';
import { decodeCommonHeader } from '../message/common-header.js';
import { encodeMessage } from '../message/message-encoder.js';
import {
  floorRequest,
  floorRequestStatus,
  floorRequestStatusAck,
  hello,
  helloAck,
  userStatus,
} from '../message/message-builders.js';
import { fragmentMessage } from './fragmenter.js';
import { Reassembler } from './reassembler.js';
import { RtoEstimator, t2For } from './rto-estimator.js';
import { TransactionIdAllocator } from './transaction-id.js';
import { UnreliableTransactions } from './unreliable-transactions.js';

const h = (transactionId: number) => ({
  conferenceId: 4321,
  transactionId,
  userId: 234,
  version: 2 as const,
});

/** Two endpoints joined by a link that can drop datagrams; delivery is synchronous. */
function link(options: { maxDatagramSize?: number } = {}) {
  const clock = new ManualClock();
  const wire: { from: 'a' | 'b'; bytes: Uint8Array }[] = [];
  let drop: (from: 'a' | 'b', bytes: Uint8Array) => boolean = () => false;
  const received: Record<'a' | 'b', BfcpMessage[]> = { a: [], b: [] };
  const endpoints = {} as Record<'a' | 'b', UnreliableTransactions>;
  for (const side of ['a', 'b'] as const) {
    const other = side === 'a' ? 'b' : 'a';
    endpoints[side] = new UnreliableTransactions(
      (bytes) => {
        wire.push({ from: side, bytes });
        if (!drop(side, bytes)) {
          const result = endpoints[other].receive(bytes);
          if (result.kind === 'request') {
            received[other].push(result.message);
          }
        }
      },
      clock,
      options,
    );
  }
  return {
    clock,
    wire,
    received,
    a: endpoints.a,
    b: endpoints.b,
    setDrop: (f: typeof drop) => {
      drop = f;
    },
  };
}

describe('T1 retransmission (RFC 8855 §8.3.1)', () => {
  it('answers a request with no retransmission when nothing is lost', async () => {
    const { a, b, clock, wire, received } = link();
    const pending = a.request(hello(h(1)));
    expect(received.b).toHaveLength(1);
    clock.advance(120);
    b.respond(received.b[0]!, helloAck(h(1)));
    await expect(pending).resolves.toMatchObject({ transactionId: 1, responder: true });
    expect(wire).toHaveLength(2);
    expect(a.rto.srtt).toBe(120);
    clock.advance(60_000);
    expect(wire).toHaveLength(2);
  });

  it('retransmits at 500, 1000, 2000 ms then fails and reports the connection broken', async () => {
    const { a, clock, wire, setDrop } = link();
    setDrop(() => true);
    const broken: BfcpError[] = [];
    a.events.on('broken', (e) => broken.push(e));
    const outcome = a.request(hello(h(7))).catch((e: unknown) => e);
    const times: number[] = [clock.now()];
    let seen = 1;
    for (let t = 0; t < 8000; t += 50) {
      clock.advance(50);
      if (wire.length > seen) {
        times.push(clock.now());
        seen = wire.length;
      }
    }
    expect(times).toEqual([0, 500, 1500, 3500]);
    expect(await outcome).toMatchObject({ code: 'TRANSACTION_TIMEOUT' });
    expect(broken).toHaveLength(1);
    expect(wire.every((w) => decodeCommonHeader(w.bytes)?.transactionId === 7)).toBe(true);
  });

  it('replays the cached response to a retransmitted request (T2) without re-delivering it', async () => {
    const { a, b, clock, received, setDrop, wire } = link();
    let dropped = 0;
    setDrop((from) => from === 'b' && dropped++ === 0); // the first response is lost
    const pending = a.request(hello(h(3)));
    b.respond(received.b[0]!, helloAck(h(3)));
    clock.advance(500); // retransmission; b answers from its cache
    await expect(pending).resolves.toMatchObject({ primitive: 12 });
    expect(received.b).toHaveLength(1);
    expect(wire.filter((w) => w.from === 'b')).toHaveLength(2);
    expect(a.rto.srtt).toBeUndefined(); // Karn: no sample from a retransmitted request
    clock.advance(t2For(500));
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps one outstanding request per direction, in order', async () => {
    const { a, b, received } = link();
    const first = a.request(hello(h(1)));
    const second = a.request(hello(h(2)));
    expect(received.b.map((m) => m.transactionId)).toEqual([1]);
    expect(a.queued).toBe(1);
    b.respond(received.b[0]!, helloAck(h(1)));
    await first;
    expect(received.b.map((m) => m.transactionId)).toEqual([1, 2]);
    b.respond(received.b[1]!, helloAck(h(2)));
    await expect(second).resolves.toMatchObject({ transactionId: 2 });
  });

  it('a server-initiated request supersedes the awaited response (RFC 8855 §6.2)', async () => {
    const { a, b, received, setDrop } = link();
    setDrop((from) => from === 'b');
    const info = { floorRequestId: 789, overall: { status: 1 }, floors: [{ floorId: 543 }] };
    const pending = a.request(floorRequest(h(123), { floorIds: [543] }), (m) => m.primitive === 4);
    b.respond(received.b[0]!, floorRequestStatus(h(123), info)); // lost
    setDrop(() => false);
    void b.request(
      floorRequestStatus({ ...h(124) }, { ...info, overall: { status: 2, queuePosition: 1 } }),
    );
    const response = await pending;
    expect(response).toMatchObject({ transactionId: 124, responder: false });
    expect(received.a.map((m) => m.transactionId)).toEqual([124]);
    a.respond(received.a[0]!, floorRequestStatusAck(h(124)));
    expect(b.busy).toBe(false);
  });

  it('closing fails what is outstanding and queued', async () => {
    const { a } = link();
    const first = a.request(hello(h(1)));
    const second = a.request(hello(h(2)));
    a.close();
    await expect(first).rejects.toThrow(expect.objectContaining({ code: 'CONNECTION_CLOSED' }));
    await expect(second).rejects.toThrow(expect.objectContaining({ code: 'CONNECTION_CLOSED' }));
    await expect(a.request(hello(h(3)))).rejects.toThrow(BfcpError);
  });
});

describe('initial T1 doubling (RFC 8855 §8.3.1)', () => {
  it('doubles the initial T1 while T1 expires on initial transmissions, until one is answered in time', async () => {
    const { a, b, clock, wire, received, setDrop } = link();
    /** Sends a request whose initial transmission is lost; returns when T1 fired (ms after sending). */
    const lostOnce = async (tid: number): Promise<number> => {
      let dropped = false;
      setDrop((from) => from === 'a' && !dropped && (dropped = true));
      const sentAt = clock.now();
      const seen = wire.length;
      const pending = a.request(hello(h(tid)));
      while (wire.length === seen + 1) {
        clock.advance(50);
      }
      const firedAfter = clock.now() - sentAt;
      b.respond(received.b[received.b.length - 1]!, helloAck(h(tid)));
      await expect(pending).resolves.toMatchObject({ transactionId: tid });
      return firedAfter;
    };
    expect(await lostOnce(1)).toBe(500);
    expect(a.rto.rto).toBe(1000);
    expect(await lostOnce(2)).toBe(1000);
    expect(await lostOnce(3)).toBe(2000);
    expect(a.rto.srtt).toBeUndefined(); // Karn: retransmitted requests give no sample
    // An initial transmission answered in time: RFC 6298 takes over (here back to the 500 ms floor).
    setDrop(() => false);
    const pending = a.request(hello(h(4)));
    clock.advance(100);
    b.respond(received.b[received.b.length - 1]!, helloAck(h(4)));
    await expect(pending).resolves.toMatchObject({ transactionId: 4 });
    expect(a.rto.srtt).toBe(100);
    expect(a.rto.rto).toBe(500);
    // Retransmissions inside one transaction still double from the T1 it started with.
    expect(await lostOnce(5)).toBe(500);
  });

  it('never doubles past maximumMs', () => {
    const rto = new RtoEstimator(500, 500, 100, 3000);
    for (let i = 0; i < 5; i++) {
      rto.expiredOnInitialTransmission();
    }
    expect(rto.rto).toBe(3000);
  });
});

describe('RTO estimation (RFC 6298 with RFC 8855 floor of 500 ms)', () => {
  it('starts at 500, never goes below it, and follows slow round trips', () => {
    const rto = new RtoEstimator();
    expect(rto.rto).toBe(500);
    rto.sample(100);
    expect(rto.rto).toBe(500);
    const slow = new RtoEstimator();
    slow.sample(800); // SRTT 800, RTTVAR 400: 800 + 1600
    expect(slow.rto).toBe(2400);
    slow.sample(800); // RTTVAR 300: 800 + 1200
    expect(slow.rto).toBe(2000);
    expect(t2For(500)).toBe(10_000);
  });
});

describe('Transaction IDs', () => {
  it('are non-zero, increasing, wrap past 65535 to 1 and skip IDs in use', () => {
    const ids = new TransactionIdAllocator(65534);
    expect([ids.next(), ids.next(), ids.next((id) => id === 2)]).toEqual([65535, 1, 3]);
  });
});

describe('fragmentation and reassembly (RFC 8855 §6.2.3)', () => {
  const big = userStatus(h(9), {
    requests: Array.from({ length: 12 }, (_, i) => ({
      floorRequestId: i,
      overall: { status: 2, queuePosition: i + 1, statusInfo: 'waiting in the queue' },
      floors: [{ floorId: 1 }],
      beneficiary: { userId: 100 + i, displayName: `Participant number ${i}` },
    })),
  });
  const bytes = encodeMessage(big);

  it('splits into fragments below the datagram size with offsets and lengths in words', () => {
    const fragments = fragmentMessage(bytes, 200);
    expect(fragments.length).toBe(Math.ceil((bytes.length - 12) / 184));
    let offset = 0;
    for (const f of fragments) {
      expect(f.length).toBeLessThanOrEqual(200);
      const header = decodeCommonHeader(f)!;
      expect(header.fragment).toEqual({ offset, length: f.length - 16 });
      expect(header.payloadLength).toBe(bytes.length - 12);
      offset += f.length - 16;
    }
    expect(fragmentMessage(bytes, bytes.length)).toEqual([bytes]);
  });

  it('reassembles fragments in any order, with duplicates', () => {
    const clock = new ManualClock();
    const r = new Reassembler(clock);
    const fragments = fragmentMessage(bytes, 100);
    const order = [...fragments].reverse();
    order.splice(2, 0, fragments[3]!);
    const results = order.map((f) => r.push(f)).filter((x) => x !== undefined);
    expect(results).toEqual([bytes]);
    expect(r.pending).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('drops an incomplete message when T2 expires', () => {
    const clock = new ManualClock();
    const r = new Reassembler(clock, { timeoutMs: 10_000 });
    const fragments = fragmentMessage(bytes, 100);
    r.push(fragments[0]!);
    clock.advance(10_000);
    expect(r.pending).toBe(0);
    for (const f of fragments.slice(1)) {
      expect(r.push(f)).toBeUndefined();
    }
  });

  it('refuses fragments that exceed the Payload Length', () => {
    const r = new Reassembler(new ManualClock());
    const f = fragmentMessage(bytes, 100)[0]!.slice();
    f[12] = 0xff; // offset far past the end
    expect(() => r.push(f)).toThrow(expect.objectContaining({ code: 'INVALID_FRAGMENT' }));
    const short = fragmentMessage(bytes, 100)[1]!.slice(0, 40);
    expect(() => r.push(short)).toThrow(expect.objectContaining({ code: 'INVALID_FRAGMENT' }));
  });

  it('carries a large response over a lossy link end to end', async () => {
    const { a, b, received, setDrop, clock } = link({ maxDatagramSize: 120 });
    let n = 0;
    setDrop((from) => from === 'b' && n++ === 1); // lose one fragment of the first response
    const pending = a.request({ ...hello(h(9)) });
    b.respond(received.b[0]!, big);
    clock.advance(500);
    await expect(pending).resolves.toEqual({ ...big, responder: true });
  });
});
