import { describe, expect, it } from '@jest/globals';
import { ALICE, BOB, rawPeerHarness, sendText } from '../__fixtures__/session-harness.js';
import type { MsrpRequest, MsrpResponse } from '../message/msrp-chunk.js';
import { formatMsrpUri, parseMsrpUri } from '../uri/msrp-uri.js';

const dec = new TextDecoder();
const MALLORY = 'msrps://mallory.example.com:4444/aaaaaaaaaa;dc';

function reportText(options: { tid: string; fromPath: string; messageId: string }): string {
  return [
    `MSRP ${options.tid} REPORT`,
    `To-Path: ${BOB}`,
    `From-Path: ${options.fromPath}`,
    `Message-ID: ${options.messageId}`,
    'Byte-Range: 1-2/2',
    'Status: 000 200 OK',
    `-------${options.tid}$`,
    '',
  ].join('\r\n');
}

describe('MsrpSession: From-Path matching (RFC 4975 §6.1, §8.2; RFC 8873 §4.4)', () => {
  it('answers 403 to a request from someone other than the peer, with an UNKNOWN_SENDER error', async () => {
    const h = rawPeerHarness();
    h.send(sendText({ tid: 'tx0001', body: 'intruder', fromPath: MALLORY }));
    await h.flush();
    expect(h.wire).toHaveLength(1);
    const response = h.wire[0] as MsrpResponse;
    expect(response).toMatchObject({ kind: 'response', transactionId: 'tx0001', status: 403 });
    expect(response.headers[0]).toEqual({ name: 'To-Path', value: MALLORY });
    expect(h.events.message).toEqual([]);
    expect(h.events.error.map((e) => e.code)).toEqual(['UNKNOWN_SENDER']);
  });

  it("compares the sender's own URI, the rightmost of From-Path, per §6.1 (case, relays in front)", async () => {
    const h = rawPeerHarness();
    const sameAlice = 'MSRPS://Alice.Example.com:54111/si438dsaodes;DC';
    h.send(sendText({ tid: 'tx0001', body: 'one', fromPath: sameAlice }));
    h.send(
      sendText({
        tid: 'tx0002',
        body: 'two',
        messageId: 'msg0002',
        fromPath: `msrps://relay.example.net:2855/r1;tcp ${ALICE}`,
      }),
    );
    // The peer's URI in the first place, someone else's at the end: not the peer.
    h.send(
      sendText({
        tid: 'tx0003',
        body: 'three',
        messageId: 'msg0003',
        fromPath: `${ALICE} ${MALLORY}`,
      }),
    );
    await h.flush();
    expect(h.wire.map((c) => c.kind === 'response' && c.status)).toEqual([200, 200, 403]);
    expect(h.events.message.map((m) => dec.decode(m.body))).toEqual(['one', 'two']);
  });

  it('ignores a REPORT from someone else (never answered, RFC 4975 §7.1.2) and emits UNKNOWN_SENDER', async () => {
    const h = rawPeerHarness();
    const sent = h.session.send({ contentType: 'text/plain', body: 'hi', successReport: true });
    void sent.done.catch(() => undefined);
    await h.flush();
    const send = h.wire[0] as MsrpRequest;
    h.send(
      `MSRP ${send.transactionId} 200 OK\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\n-------${send.transactionId}$\r\n`,
    );
    h.send(reportText({ tid: 'rp0001', fromPath: MALLORY, messageId: sent.messageId }));
    await h.flush();
    expect(h.events.report).toEqual([]);
    expect(h.events.error.map((e) => e.code)).toEqual(['UNKNOWN_SENDER']);
    expect(h.wire).toHaveLength(1);
    h.send(reportText({ tid: 'rp0002', fromPath: ALICE, messageId: sent.messageId }));
    await h.flush();
    expect(h.events.report).toHaveLength(1);
  });

  it('without a remote path, learns it from the first request and holds the peer to it', async () => {
    const h = rawPeerHarness({ remotePath: undefined });
    expect(h.session.remotePath).toBeUndefined();
    expect(() => h.session.send({ contentType: 'text/plain', body: 'too early' })).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
    await expect(h.session.request('NICKNAME')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // A request to another session teaches nothing (481 first).
    h.send(sendText({ tid: 'tx0000', body: 'lost', toPath: MALLORY, fromPath: MALLORY }));
    h.send(sendText({ tid: 'tx0001', body: 'hello' }));
    h.send(sendText({ tid: 'tx0002', body: 'hijack', messageId: 'msg0002', fromPath: MALLORY }));
    await h.flush();
    expect(h.wire.map((c) => c.kind === 'response' && c.status)).toEqual([481, 200, 403]);
    expect(h.session.remotePath?.map(formatMsrpUri)).toEqual([ALICE]);
    expect(h.events.message.map((m) => dec.decode(m.body))).toEqual(['hello']);
    h.session.send({ contentType: 'text/plain', body: 'back' });
    await h.flush();
    const request = h.wire[3] as MsrpRequest;
    expect(request.headers[0]).toEqual({ name: 'To-Path', value: ALICE });
    expect(parseMsrpUri(ALICE).transport).toBe('dc');
  });
});
