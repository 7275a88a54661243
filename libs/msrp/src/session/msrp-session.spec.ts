import { describe, expect, it } from '@jest/globals';
import { serializeChunk } from '../codec/chunk-serializer.js';
import {
  ALICE,
  BOB,
  rawPeerHarness,
  record,
  sendText,
  sessionPair,
} from '../__fixtures__/session-harness.js';
import { getHeader, type MsrpRequest, type MsrpResponse } from '../message/msrp-chunk.js';

const dec = new TextDecoder();
const RELAY_ALICE = `msrps://relay.example.net:2855/kwvin5f;tcp ${ALICE}`;

function responses(wire: readonly { kind: string }[]): MsrpResponse[] {
  return wire.filter((c): c is MsrpResponse => c.kind === 'response');
}
function requests(wire: readonly { kind: string }[]): MsrpRequest[] {
  return wire.filter((c): c is MsrpRequest => c.kind === 'request');
}

describe('MsrpSession: answering requests (RFC 4975 §7.2, §7.3)', () => {
  it('answers a SEND with 200 to the previous hop only, and delivers the message', async () => {
    const h = rawPeerHarness();
    h.send(sendText({ tid: 'tx0001', body: 'Hi, Bob!', fromPath: RELAY_ALICE }));
    await h.flush();
    expect(h.wire).toEqual([
      {
        kind: 'response',
        transactionId: 'tx0001',
        status: 200,
        comment: 'OK',
        headers: [
          { name: 'To-Path', value: 'msrps://relay.example.net:2855/kwvin5f;tcp' },
          { name: 'From-Path', value: BOB },
        ],
        continuation: '$',
      },
    ]);
    expect(h.events.message).toHaveLength(1);
    expect(h.events.message[0]).toMatchObject({
      messageId: 'msg0001',
      contentType: 'text/plain',
      duplicate: false,
    });
    expect(dec.decode(h.events.message[0]?.body)).toBe('Hi, Bob!');
  });

  it('sends no response at all for Failure-Report: no, and no 200 for partial', async () => {
    const h = rawPeerHarness({ acceptTypes: ['text/plain'] });
    h.send(sendText({ tid: 'tx0001', body: 'a', extra: ['Failure-Report: no'] }));
    h.send(
      sendText({
        tid: 'tx0002',
        body: 'b',
        messageId: 'msg0002',
        extra: ['Failure-Report: partial'],
      }),
    );
    h.send(
      sendText({
        tid: 'tx0003',
        body: 'c',
        messageId: 'msg0003',
        extra: ['Failure-Report: partial'],
        contentType: 'image/png',
      }),
    );
    h.send(
      sendText({
        tid: 'tx0004',
        body: 'd',
        messageId: 'msg0004',
        extra: ['Failure-Report: no'],
        contentType: 'image/png',
      }),
    );
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([['tx0003', 415]]);
    expect(h.events.message.map((m) => m.messageId)).toEqual(['msg0001', 'msg0002']);
  });

  it('answers 481 when the To-Path does not name this session', async () => {
    const h = rawPeerHarness();
    h.send(
      sendText({ tid: 'tx0001', body: 'x', toPath: 'msrps://bob.example.com:51444/OTHER;dc' }),
    );
    h.send(sendText({ tid: 'tx0002', body: 'x', toPath: `${BOB} ${BOB}` }));
    // Case-insensitive host and scheme, case-sensitive session-id (RFC 4975 §6.1).
    h.send(
      sendText({
        tid: 'tx0003',
        body: 'x',
        messageId: 'msg0003',
        toPath: 'MSRPS://BOB.example.COM:51444/di551fsaodes;DC',
      }),
    );
    h.send(
      sendText({
        tid: 'tx0004',
        body: 'x',
        toPath: 'msrps://bob.example.com:51444/DI551FSAODES;dc',
      }),
    );
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([
      ['tx0001', 481],
      ['tx0002', 481],
      ['tx0003', 200],
      ['tx0004', 481],
    ]);
    expect(h.events.message).toHaveLength(1);
  });

  it('answers 501 to unknown methods and to AUTH/NICKNAME without a hook, with the full From-Path', async () => {
    const h = rawPeerHarness();
    h.send(
      `MSRP tx0001 FROB\r\nTo-Path: ${BOB}\r\nFrom-Path: ${RELAY_ALICE}\r\n-------tx0001$\r\n`,
    );
    h.send(
      `MSRP tx0002 NICKNAME\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nUse-Nickname: "x"\r\n-------tx0002$\r\n`,
    );
    await h.flush();
    expect(
      responses(h.wire).map((r) => [r.transactionId, r.status, getHeader(r, 'To-Path')]),
    ).toEqual([
      ['tx0001', 501, RELAY_ALICE],
      ['tx0002', 501, ALICE],
    ]);
  });

  it('answers 415 for a type outside accept-types, and again to later chunks of that message', async () => {
    const h = rawPeerHarness({ acceptTypes: ['message/cpim', 'text/*'] });
    h.send(sendText({ tid: 'tx0001', body: 'x', contentType: 'text/html;charset=utf-8' }));
    h.send(
      sendText({
        tid: 'tx0002',
        body: 'x',
        messageId: 'msg0002',
        range: '1-1/2',
        flag: '+',
        contentType: 'image/png',
      }),
    );
    h.send(
      sendText({
        tid: 'tx0003',
        body: 'y',
        messageId: 'msg0002',
        range: '2-2/2',
        contentType: 'image/png',
      }),
    );
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([
      ['tx0001', 200],
      ['tx0002', 415],
      ['tx0003', 415],
    ]);
    expect(h.events.aborted).toEqual([
      { messageId: 'msg0002', reason: 'rejected', status: 415, receivedBytes: 0 },
    ]);
  });

  it('answers 413 beyond maxMessageSize (announced or received), and to every later chunk', async () => {
    const h = rawPeerHarness({ maxMessageSize: 10 });
    h.send(sendText({ tid: 'tx0001', body: 'abc', range: '1-3/100', flag: '+' }));
    h.send(sendText({ tid: 'tx0002', body: 'def', range: '4-6/100', flag: '+' }));
    h.send(
      sendText({
        tid: 'tx0003',
        body: '0123456789',
        messageId: 'msg0002',
        range: '1-10/*',
        flag: '+',
      }),
    );
    h.send(
      sendText({ tid: 'tx0004', body: 'x', messageId: 'msg0002', range: '11-11/*', flag: '+' }),
    );
    h.send(sendText({ tid: 'tx0005', body: '0123456789', messageId: 'msg0003' }));
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([
      ['tx0001', 413],
      ['tx0002', 413],
      ['tx0003', 200],
      ['tx0004', 413],
      ['tx0005', 200],
    ]);
  });

  it('answers 400 to unintelligible requests when the transaction id and From-Path can be read', async () => {
    const h = rawPeerHarness();
    h.send(sendText({ tid: 'tx0001', body: 'x', range: '0-1/1' }));
    h.send(sendText({ tid: 'tx0002', body: 'x', extra: ['Success-Report: maybe'] }));
    // A data channel message that ends before its end-line.
    h.send(sendText({ tid: 'tx0003', body: 'cut here' }).slice(0, -10));
    // Not even a From-Path: nothing can be answered; only the error event says it.
    h.send(`MSRP tx0004 SEND\r\nTo-Path: ${BOB}\r\n-------tx0004$\r\n`);
    h.send('HELLO\r\n');
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([
      ['tx0001', 400],
      ['tx0002', 400],
      ['tx0003', 400],
    ]);
    expect(h.events.error.map((e) => e.code)).toEqual([
      'INVALID_HEADER_VALUE',
      'INVALID_HEADER_VALUE',
      'TRUNCATED',
      'INVALID_HEADER_VALUE',
      'MALFORMED_START_LINE',
    ]);
    expect(h.events.message).toHaveLength(0);
  });

  it('never answers a REPORT, however wrong, and ignores REPORTs about unknown messages', async () => {
    const h = rawPeerHarness();
    h.send(
      `MSRP tx0001 REPORT\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nMessage-ID: unknown1\r\nByte-Range: 1-5/5\r\nStatus: 000 200 OK\r\n-------tx0001$\r\n`,
    );
    h.send(
      `MSRP tx0002 REPORT\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nStatus: garbage\r\n-------tx0002$\r\n`,
    );
    h.send(
      `MSRP tx0003 REPORT\r\nTo-Path: msrp://elsewhere.example.com:1/x;tcp\r\nFrom-Path: ${ALICE}\r\n-------tx0003$\r\n`,
    );
    await h.flush();
    expect(h.wire).toEqual([]);
    expect(h.events.report).toEqual([]);
    expect(h.events.error.map((e) => e.code)).toEqual([
      'INVALID_HEADER_VALUE',
      'PROTOCOL_VIOLATION',
    ]);
  });

  it('sends the success REPORT a message asked for: whole range, Status 000 200, back along the From-Path', async () => {
    const h = rawPeerHarness();
    h.send(
      sendText({
        tid: 'tx0001',
        body: 'abcd',
        range: '1-4/8',
        flag: '+',
        extra: ['Success-Report: yes'],
        fromPath: RELAY_ALICE,
      }),
    );
    h.send(
      sendText({
        tid: 'tx0002',
        body: 'EFGH',
        range: '5-8/8',
        extra: ['Success-Report: yes'],
        fromPath: RELAY_ALICE,
      }),
    );
    await h.flush();
    const [report] = requests(h.wire);
    expect(report?.method).toBe('REPORT');
    expect(report?.headers.slice(0, 2)).toEqual([
      { name: 'To-Path', value: RELAY_ALICE },
      { name: 'From-Path', value: BOB },
    ]);
    expect(getHeader(report!, 'Byte-Range')).toBe('1-8/8');
    expect(getHeader(report!, 'Status')).toBe('000 200 OK');
    expect(getHeader(report!, 'Message-ID')).toBe('msg0001');
  });

  it('reassembles chunks that arrive out of order, with progress, and takes lengths from the data', async () => {
    const h = rawPeerHarness();
    // RFC 4975 §5.1 "abcdEFGH", second chunk first; range-end says more than the data holds.
    h.send(sendText({ tid: 'tx0002', body: 'EFGH', range: '5-9/9' }));
    h.send(sendText({ tid: 'tx0001', body: 'abcd', range: '1-*/9', flag: '+' }));
    await h.flush();
    expect(responses(h.wire).map((r) => r.status)).toEqual([200, 200]);
    expect(h.events.message.map((m) => dec.decode(m.body))).toEqual(['abcdEFGH']);
    expect(h.events.progress.map((p) => [p.direction, p.bytes, p.total])).toEqual([
      ['incoming', 4, 8],
      ['incoming', 8, 8],
    ]);
  });

  it('drops a message aborted with # and says so', async () => {
    const h = rawPeerHarness();
    h.send(sendText({ tid: 'tx0001', body: 'abcd', range: '1-4/8', flag: '+' }));
    h.send(sendText({ tid: 'tx0002', body: '', range: '5-4/8', flag: '#' }));
    await h.flush();
    expect(responses(h.wire).map((r) => r.status)).toEqual([200, 200]);
    expect(h.events.aborted).toEqual([
      { messageId: 'msg0001', reason: 'sender', status: undefined, receivedBytes: 4 },
    ]);
    expect(h.events.message).toEqual([]);
  });

  it('flags a second delivery of the same Message-ID as a duplicate (RFC 4975 §5.4)', async () => {
    const h = rawPeerHarness();
    h.send(sendText({ tid: 'tx0001', body: 'same' }));
    h.send(sendText({ tid: 'tx0002', body: 'same' }));
    await h.flush();
    expect(h.events.message.map((m) => m.duplicate)).toEqual([false, true]);
  });

  it('processes every chunk of a channel message that (against RFC 8873 §5.4) holds several', async () => {
    const h = rawPeerHarness();
    h.send(
      sendText({ tid: 'tx0001', body: 'one', messageId: 'msg0001' }) +
        sendText({ tid: 'tx0002', body: 'two', messageId: 'msg0002' }),
    );
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([
      ['tx0001', 200],
      ['tx0002', 200],
    ]);
    expect(h.events.message.map((m) => dec.decode(m.body))).toEqual(['one', 'two']);
  });

  it('answers a bodiless SEND with 200 and delivers nothing', async () => {
    const h = rawPeerHarness();
    h.send(sendText({ tid: 'tx0001', range: '1-0/0' }));
    await h.flush();
    expect(responses(h.wire).map((r) => r.status)).toEqual([200]);
    expect(h.events.message).toEqual([]);
  });
});

describe('MsrpSession: asynchronous decisions (an RFC 7701 switch)', () => {
  it('waits for acceptSend before answering, and a refusal drops the message', async () => {
    let release: ((status: number) => void) | undefined;
    const seen: { complete: boolean; id: string }[] = [];
    const h = rawPeerHarness({
      hooks: {
        acceptSend: (context) => {
          seen.push({ complete: context.complete, id: context.messageId });
          if (context.messageId === 'slow0001') {
            return new Promise<number>((resolve) => {
              release = resolve;
            });
          }
          return context.messageId === 'deny0001'
            ? { status: 403, comment: 'Not Allowed Here' }
            : 200;
        },
      },
    });
    h.send(sendText({ tid: 'tx0001', body: 'first', messageId: 'slow0001' }));
    h.send(sendText({ tid: 'tx0002', body: 'no', messageId: 'deny0001' }));
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status, r.comment])).toEqual([
      ['tx0002', 403, 'Not Allowed Here'],
    ]);
    expect(h.events.message).toEqual([]);
    release?.(200);
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status])).toEqual([
      ['tx0002', 403],
      ['tx0001', 200],
    ]);
    expect(h.events.message.map((m) => m.messageId)).toEqual(['slow0001']);
    expect(seen).toEqual([
      { complete: true, id: 'slow0001' },
      { complete: true, id: 'deny0001' },
    ]);
  });

  it('answers 403 when a hook throws, and reports the error', async () => {
    const h = rawPeerHarness({
      hooks: {
        acceptSend: () => Promise.reject(new Error('database down')),
      },
    });
    h.send(sendText({ tid: 'tx0001', body: 'x' }));
    await h.flush();
    expect(responses(h.wire).map((r) => r.status)).toEqual([403]);
    expect(h.events.error.map((e) => e.code)).toEqual(['PROTOCOL_VIOLATION']);
  });

  it('decides NICKNAME requests (RFC 7701 §7): 200, 425, and 424 for a malformed Use-Nickname', async () => {
    const taken = new Set(['Alice the great']);
    const h = rawPeerHarness({
      hooks: {
        nickname: async ({ nickname }) => {
          await Promise.resolve();
          return taken.has(nickname) ? 425 : 200;
        },
      },
    });
    const nick = (tid: string, value: string) =>
      `MSRP ${tid} NICKNAME\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nUse-Nickname: ${value}\r\n-------${tid}$\r\n`;
    h.send(nick('d93kswow', '"Alice the great"'));
    h.send(nick('09swk2d', '"Alice in Wonderland"'));
    h.send(nick('bad00001', 'no quotes'));
    await h.flush();
    expect(responses(h.wire).map((r) => [r.transactionId, r.status, r.comment])).toEqual([
      ['bad00001', 424, 'Malformed Nickname'],
      ['d93kswow', 425, 'Nickname Reserved Or Already In Use'],
      ['09swk2d', 200, 'OK'],
    ]);
  });
});

describe('MsrpSession: sending (RFC 4975 §7.1.1)', () => {
  it('times out after 30 s without a 200 (local 408), not before', async () => {
    const h = rawPeerHarness();
    const failures = record(h.session).sendFailed;
    const message = h.session.send({ contentType: 'text/plain', body: 'anyone there?' });
    await h.flush();
    expect(requests(h.wire)).toHaveLength(1);
    h.clock.advance(29_999);
    await h.flush();
    expect(failures).toEqual([]);
    h.clock.advance(1);
    await expect(message.done).rejects.toMatchObject({ code: 'TRANSACTION_TIMEOUT', status: 408 });
    expect(failures.map((f) => f.messageId)).toEqual([message.messageId]);
  });

  it('runs no timer for Failure-Report: partial or no, and is done once written', async () => {
    const h = rawPeerHarness();
    const partial = h.session.send({
      contentType: 'text/plain',
      body: 'p',
      failureReport: 'partial',
    });
    const none = h.session.send({ contentType: 'text/plain', body: 'n', failureReport: 'no' });
    await h.flush();
    await expect(partial.done).resolves.toMatchObject({ size: 1 });
    await expect(none.done).resolves.toMatchObject({ size: 1 });
    expect(requests(h.wire).map((r) => getHeader(r, 'Failure-Report'))).toEqual(['partial', 'no']);
    h.clock.advance(60_000);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('stops sending a message after 413 and sends nothing more for it', async () => {
    // A high-water mark of 1 byte: each chunk waits until the previous one is delivered.
    const h = rawPeerHarness({ maxChunkSize: 400, writer: { highWaterMark: 1, lowWaterMark: 0 } });
    h.peer.on('message', () => {
      const first = requests(h.wire)[0]!;
      if (h.wire.length === 1) {
        h.send(
          serializeChunk({
            kind: 'response',
            transactionId: first.transactionId,
            status: 413,
            comment: undefined,
            headers: [
              { name: 'To-Path', value: BOB },
              { name: 'From-Path', value: ALICE },
            ],
            continuation: '$',
          }),
        );
      }
    });
    const message = h.session.send({ contentType: 'text/plain', body: 'x'.repeat(3000) });
    await h.flush();
    await expect(message.done).rejects.toMatchObject({ code: 'REQUEST_FAILED', status: 413 });
    // What was on its way when the 413 came is all that went out; no "#" chunk (RFC 4975 §10.5).
    const sent = requests(h.wire);
    expect(sent.every((r) => r.continuation === '+')).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(3); // of 11 chunks
  });

  it('ends a partly sent message with a # chunk when aborted', async () => {
    const h = rawPeerHarness({ maxChunkSize: 400, writer: { highWaterMark: 1, lowWaterMark: 0 } });
    const message = h.session.send({ contentType: 'text/plain', body: 'y'.repeat(5000) });
    h.peer.on('message', () => {
      if (h.wire.length === 2) {
        message.abort();
      }
    });
    await h.flush();
    await expect(message.done).rejects.toMatchObject({ code: 'MESSAGE_ABORTED' });
    const sent = requests(h.wire);
    const last = sent.at(-1)!;
    expect(last.continuation).toBe('#');
    expect(last.body).toEqual(new Uint8Array(0));
    expect(getHeader(last, 'Byte-Range')).toBe(
      `${message.sentBytes + 1}-${message.sentBytes}/5000`,
    );
    expect(sent.length).toBeLessThan(6);
  });

  it('refuses types the peer did not list or answered 415 to, and sizes above its max-size', async () => {
    const { alice, flush } = sessionPair(
      { remoteAcceptTypes: ['text/plain', 'message/cpim'], remoteMaxSize: 100 },
      { acceptTypes: ['message/cpim'] },
    );
    expect(() => alice.send({ contentType: 'image/png', body: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => alice.send({ contentType: 'text/plain', body: 'x'.repeat(101) })).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }),
    );
    const refused = alice.send({ contentType: 'text/plain', body: 'plain' });
    await flush();
    await expect(refused.done).rejects.toMatchObject({ status: 415 });
    expect(() => alice.send({ contentType: 'text/plain', body: 'again' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('waits on the channel instead of buffering without bound (back-pressure)', async () => {
    const h = rawPeerHarness(
      { maxChunkSize: 1000, writer: { highWaterMark: 4000, lowWaterMark: 1000 } },
      { bytesPerTurn: 2000 },
    );
    let peak = 0;
    const channel = h.session.channel;
    const originalSend = channel.send.bind(channel);
    channel.send = (message) => {
      originalSend(message);
      peak = Math.max(peak, channel.bufferedAmount);
    };
    h.session.send({
      contentType: 'application/octet-stream',
      body: new Uint8Array(100_000),
      failureReport: 'no',
    });
    await h.flush();
    expect(peak).toBeLessThanOrEqual(4000 + 1000);
    expect(requests(h.wire).length).toBeGreaterThan(100);
  });

  it('sends the bodiless SEND and NICKNAME requests and resolves with their responses', async () => {
    const { alice, flush } = sessionPair(
      {},
      { hooks: { nickname: ({ nickname }) => (nickname === 'Bob' ? 425 : 200) } },
    );
    const bodiless = alice.sendBodiless();
    const taken = alice.requestNickname('Bob');
    const free = alice.requestNickname('Alice in Wonderland');
    await flush();
    await expect(bodiless).resolves.toBeUndefined();
    await expect(taken).resolves.toMatchObject({ status: 425 });
    await expect(free).resolves.toMatchObject({ status: 200 });
  });

  it('fails what is pending when the channel closes', async () => {
    const h = rawPeerHarness();
    const message = h.session.send({ contentType: 'text/plain', body: 'bye' });
    h.send(sendText({ tid: 'tx0001', body: 'abcd', range: '1-4/8', flag: '+' }));
    await h.flush();
    h.peer.close();
    await h.flush();
    await expect(message.done).rejects.toMatchObject({ code: 'CHANNEL_CLOSED' });
    expect(h.events.aborted).toEqual([
      { messageId: 'msg0001', reason: 'closed', status: undefined, receivedBytes: 4 },
    ]);
    expect(h.events.close).toHaveLength(1);
    expect(() => h.session.send({ contentType: 'text/plain', body: 'late' })).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });
});
