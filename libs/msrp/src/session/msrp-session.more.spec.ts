import { describe, expect, it } from '@jest/globals';
import { createLoopbackPair, ManualClock, ManualScheduler } from '@parley/transport';
import { loadRfcExample } from '../../../../test/support/fixtures.js';
import {
  ALICE,
  BOB,
  rawPeerHarness,
  record,
  sendText,
  sessionPair,
  settle,
} from '../__fixtures__/session-harness.js';
import { getHeader, type MsrpRequest } from '../message/msrp-chunk.js';
import { MsrpSession } from './msrp-session.js';

const dec = new TextDecoder();

describe('MsrpSession: RFC 4975 §11 flows', () => {
  it('§11.6: Success-Report yes with Failure-Report no: no response, one REPORT with the octets really received', async () => {
    const h = rawPeerHarness({
      localPath: 'msrp://bob.example.com:8888/9di4eae923wzd;tcp',
      remotePath: 'msrp://alicepc.example.com:7777/iau39soe2843z;tcp',
    });
    h.send(loadRfcExample('rfc4975-s11.6-fig16-send-success-report-yes.msrp'));
    await h.flush();
    expect(h.wire).toHaveLength(1);
    const report = h.wire[0] as MsrpRequest;
    expect(report.method).toBe('REPORT');
    expect(report.headers.map((x) => [x.name, x.value])).toEqual([
      ['To-Path', 'msrp://alicepc.example.com:7777/iau39soe2843z;tcp'],
      ['From-Path', 'msrp://bob.example.com:8888/9di4eae923wzd;tcp'],
      ['Message-ID', '12339sdqwer'],
      // The RFC prints 1-106/106; the body it shows is 121 octets.
      ['Byte-Range', '1-121/121'],
      ['Status', '000 200 OK'],
    ]);
  });

  it('§11.4: the two CPIM chunks reassemble (the RFC says 148 octets, the data has 147)', async () => {
    const h = rawPeerHarness({
      localPath: 'msrp://bobpc.example.com:8888/9di4eae923wzd;tcp',
      remotePath: 'msrp://alicepc.example.com:7654/iau39soe2843z;tcp',
    });
    h.send(loadRfcExample('rfc4975-s11.4-fig14-cpim-chunk1.msrp'));
    h.send(loadRfcExample('rfc4975-s11.4-fig15-cpim-chunk2.msrp'));
    await h.flush();
    expect(h.wire.map((c) => c.kind === 'response' && c.status)).toEqual([200, 200]);
    expect(h.events.message).toHaveLength(1);
    expect(h.events.message[0]?.body.length).toBe(147);
    expect(dec.decode(h.events.message[0]?.body).endsWith('ABCD1234567890')).toBe(true);
  });
});

describe('MsrpSession: options', () => {
  it('stream framing: chunks cut anywhere across channel messages', async () => {
    const h = rawPeerHarness({ framing: 'stream' });
    const bytes = new TextEncoder().encode(
      sendText({ tid: 'tx0001', body: 'split me' }) +
        sendText({ tid: 'tx0002', body: 'and me', messageId: 'msg0002' }),
    );
    for (const cut of [
      [0, 17],
      [17, 130],
      [130, bytes.length],
    ] as const) {
      h.send(bytes.slice(cut[0], cut[1]));
    }
    await h.flush();
    expect(h.events.message.map((m) => dec.decode(m.body))).toEqual(['split me', 'and me']);
  });

  it('waits for the channel to open before sending', async () => {
    const network = new ManualScheduler();
    const pair = createLoopbackPair({ autoOpen: false, schedule: network.schedule });
    const clock = new ManualClock();
    const alice = new MsrpSession({ channel: pair.a, localPath: ALICE, remotePath: BOB, clock });
    const bob = new MsrpSession({ channel: pair.b, localPath: BOB, remotePath: ALICE, clock });
    const got = record(bob).message;
    const message = alice.send({ contentType: 'text/plain', body: 'early' });
    await settle(network);
    expect(got).toEqual([]);
    pair.open();
    await settle(network);
    await expect(message.done).resolves.toMatchObject({ size: 5 });
    expect(got).toHaveLength(1);
  });

  it('gives up waiting for a success REPORT after successReportTimeoutMs', async () => {
    const { alice, clock, flush } = sessionPair(
      { successReportTimeoutMs: 120_000 },
      { autoSuccessReport: false },
    );
    const message = alice.send({
      contentType: 'text/plain',
      body: 'report me',
      successReport: true,
    });
    await flush();
    await expect(message.acknowledged).resolves.toBeUndefined();
    clock.advance(120_000);
    await expect(message.done).rejects.toMatchObject({ code: 'TRANSACTION_TIMEOUT', status: 408 });
  });

  it('lets a hook decide other methods (AUTH here), and sends none for REPORT', async () => {
    const h = rawPeerHarness({
      hooks: {
        request: ({ request }) =>
          request.method === 'AUTH' ? { status: 403, comment: 'No Relay Here' } : 501,
      },
    });
    h.send(`MSRP tx0001 AUTH\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\n-------tx0001$\r\n`);
    await h.flush();
    expect(h.wire.map((c) => c.kind === 'response' && [c.status, c.comment])).toEqual([
      [403, 'No Relay Here'],
    ]);
    await expect(h.session.request('REPORT')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('writes Failure-Report and Success-Report only when not the default, and the same on every chunk', async () => {
    const h = rawPeerHarness({ maxChunkSize: 400 });
    h.session.send({
      contentType: 'text/plain',
      body: 'z'.repeat(1000),
      successReport: true,
      failureReport: 'partial',
    });
    h.session.send({ contentType: 'text/plain', body: 'plain' });
    await h.flush();
    const sent = h.wire.filter((c): c is MsrpRequest => c.kind === 'request');
    const big = sent.filter((c) => getHeader(c, 'Success-Report') !== undefined);
    expect(big.length).toBeGreaterThan(2);
    expect(big.every((c) => getHeader(c, 'Failure-Report') === 'partial')).toBe(true);
    const plain = sent.find((c) => getHeader(c, 'Success-Report') === undefined);
    expect(plain && getHeader(plain, 'Failure-Report')).toBeUndefined();
    expect(plain && getHeader(plain, 'Byte-Range')).toBe('1-5/5');
    expect(plain?.headers.at(-1)?.name).toBe('Content-Type');
  });
});
