import { describe, expect, it } from '@jest/globals';
import { createLoopbackPair, ManualClock } from '@parley/transport';
import { MsrpSession } from './msrp-session.js';
import type { ReceivedMessage, ReceivedReport } from './session-types.js';

const ALICE = 'msrps://alice.example.com:54111/si438dsaodes;dc';
const BOB = 'msrps://bob.example.com:51444/di551fsaodes;dc';

function randomBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(at, Math.min(size, at + 65536)));
  }
  return out;
}

describe('a 5 MiB message and 50 short ones at once over a 16 KiB channel', () => {
  it('interleaves, reassembles byte-exact and brings back the REPORTs asked for', async () => {
    const pair = createLoopbackPair({ maxMessageSize: 16384, protocol: 'msrp' });
    const sentChunkSizes: number[] = [];
    const originalSend = pair.a.send.bind(pair.a);
    pair.a.send = (message) => {
      sentChunkSizes.push(typeof message === 'string' ? message.length : message.byteLength);
      originalSend(message);
    };
    const clock = new ManualClock();
    const alice = new MsrpSession({ channel: pair.a, localPath: ALICE, remotePath: BOB, clock });
    const failLater = 'failLater0001';
    const bob = new MsrpSession({ channel: pair.b, localPath: BOB, remotePath: ALICE, clock });

    const arrived: ReceivedMessage[] = [];
    const allArrived = new Promise<void>((resolve) => {
      bob.on('message', (message) => {
        arrived.push(message);
        if (message.messageId === failLater) {
          // Accepted with 200, then found undeliverable: a failure REPORT (RFC 4975 §7.1.4).
          expect(bob.sendReport(message, 403, { comment: 'Recipient Left' })).toBe(true);
        }
        if (arrived.length === 52) {
          resolve();
        }
      });
    });
    const reports: ReceivedReport[] = [];
    alice.on('report', (report) => reports.push(report));

    const big = randomBytes(5 * 1024 * 1024);
    const bigMessage = alice.send({
      contentType: 'application/octet-stream',
      body: big,
      successReport: true,
    });
    const shorts = Array.from({ length: 50 }, (_, i) =>
      alice.send({
        contentType: 'text/plain',
        body: `short message ${i} ✓`,
        successReport: i % 2 === 0,
      }),
    );
    const failing = alice.send({
      contentType: 'text/plain',
      body: 'will fail later',
      messageId: failLater,
      successReport: true,
    });
    const failures: string[] = [];
    alice.on('sendFailed', (event) => failures.push(event.messageId));

    await allArrived;
    const order = arrived.map((m) => m.messageId);
    const bigIndex = order.indexOf(bigMessage.messageId);
    for (const short of shorts) {
      expect(order.indexOf(short.messageId)).toBeLessThan(bigIndex);
    }
    const received = arrived[bigIndex] as ReceivedMessage;
    expect(received.body.length).toBe(big.length);
    expect(Buffer.from(received.body).equals(Buffer.from(big))).toBe(true);
    expect(
      new TextDecoder().decode(arrived.find((m) => m.messageId === shorts[7]?.messageId)?.body),
    ).toBe('short message 7 ✓');

    const bigResult = await bigMessage.done;
    expect(bigResult.reports.map((r) => [r.status, r.byteRange])).toEqual([
      [200, { start: 1, end: big.length, total: big.length }],
    ]);
    const shortResults = await Promise.all(shorts.map((s) => s.done));
    expect(shortResults.filter((r) => r.reports.length === 1)).toHaveLength(25);
    await expect(failing.done).rejects.toMatchObject({ code: 'FAILURE_REPORT', status: 403 });
    expect(reports.filter((r) => r.status === 200)).toHaveLength(26);
    expect(reports.filter((r) => r.status === 403)).toHaveLength(1);
    expect(failures).toEqual([failLater]);

    // Every chunk fit the channel limit; the big body went out in many chunks.
    expect(Math.max(...sentChunkSizes)).toBeLessThanOrEqual(16384);
    expect(sentChunkSizes.length).toBeGreaterThan(320);
    expect(clock.pendingTimers).toBe(0);
  }, 30_000);
});
