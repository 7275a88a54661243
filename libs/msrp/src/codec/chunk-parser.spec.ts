import { describe, expect, it } from '@jest/globals';
import { loadRfcExample, rfcExampleNames } from '../../../../test/support/fixtures.js';
import { MsrpParseError } from '../errors.js';
import { getHeader, type MsrpChunk } from '../message/msrp-chunk.js';
import { decodeChunk, MsrpParser } from './chunk-parser.js';
import { serializeChunk } from './chunk-serializer.js';
import { concatBytes } from '../__fixtures__/bytes.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (text: string) => enc.encode(text);

function parseAll(input: Uint8Array, splits: number[] = []): MsrpChunk[] {
  const parser = new MsrpParser();
  const out: MsrpChunk[] = [];
  let from = 0;
  for (const to of [...splits, input.length]) {
    parser.push(input.subarray(from, to));
    from = to;
    for (let c = parser.next(); c; c = parser.next()) {
      out.push(c);
    }
  }
  return out;
}

/** The RFC 4976 §3 response printed without its end-line (cut by a page break). */
const TRUNCATED_IN_RFC = 'rfc4976-s3-L441-xght6-200-ok.msrp';

describe('RFC examples (.msrp) as conformance vectors', () => {
  const names = rfcExampleNames('.msrp');

  it('finds the examples', () => {
    expect(names.length).toBeGreaterThanOrEqual(59);
  });

  it.each(names.filter((n) => n !== TRUNCATED_IN_RFC))(
    '%s parses and re-serializes byte for byte',
    (name) => {
      const wire = loadRfcExample(name);
      const chunk = decodeChunk(wire);
      expect(serializeChunk(chunk)).toEqual(wire);
      // Same result when the bytes arrive one at a time.
      const splits = Array.from({ length: wire.length - 1 }, (_, i) => i + 1);
      expect(parseAll(wire, splits)).toEqual([chunk]);
    },
  );

  it.each(names.filter((n) => n !== TRUNCATED_IN_RFC))(
    '%s: truncated and invalid variants throw MsrpParseError',
    (name) => {
      const wire = loadRfcExample(name);
      for (let cut = 0; cut < wire.length; cut += 7) {
        expect(() => decodeChunk(wire.subarray(0, cut))).toThrow(
          expect.objectContaining({ name: 'MsrpParseError', code: 'TRUNCATED', offset: cut }),
        );
      }
      const badPrefix = wire.slice();
      badPrefix[3] = 0x51; // "MSRQ"
      expect(() => decodeChunk(badPrefix)).toThrow(
        expect.objectContaining({ code: 'MALFORMED_START_LINE', offset: 3 }),
      );
      const bareLf = wire.slice();
      const firstHeaderEnd = wire.indexOf(13, wire.indexOf(10) + 1);
      bareLf[firstHeaderEnd] = 0x20; // "...value \n": a line that does not end in CRLF
      expect(() => decodeChunk(bareLf)).toThrow(
        expect.objectContaining({ code: 'MALFORMED_HEADER', offset: firstHeaderEnd + 1 }),
      );
    },
  );

  it('reports the RFC 4976 §3 response cut by a page break as truncated, and parses it once completed', () => {
    const wire = loadRfcExample(TRUNCATED_IN_RFC);
    expect(() => decodeChunk(wire)).toThrow(
      expect.objectContaining({ code: 'TRUNCATED', offset: wire.length }),
    );
    const parser = new MsrpParser();
    parser.push(wire);
    expect(parser.next()).toBeUndefined();
    parser.push(bytes('-------xght6$\r\n'));
    const chunk = parser.next();
    expect(chunk).toMatchObject({
      kind: 'response',
      status: 200,
      comment: 'OK',
      transactionId: 'xght6',
    });
    expect(chunk && getHeader(chunk, 'message-id')).toBe('87652');
  });

  it('keeps the non-conforming double space of RFC 7977 in the raw value', () => {
    const chunk = decodeChunk(loadRfcExample('rfc7977-s8.2.3-F3-send.msrp'));
    expect(chunk.headers[0]).toEqual({
      name: 'To-Path',
      value: ' msrps://df7jal23ls0d.invalid:2855/98cjs;ws',
    });
  });

  it('takes the body from the data, not from a wrong Byte-Range (RFC 4975 §4 says 1-25/25 for 23 octets)', () => {
    const chunk = decodeChunk(loadRfcExample('rfc4975-s4-fig2-send.msrp'));
    expect(chunk.kind === 'request' && dec.decode(chunk.body)).toBe('Hey Bob, are you there?');
    expect(chunk.kind === 'request' && chunk.body?.length).toBe(23);
  });

  it('parses the RFC 4975 §5.1 snippets (no To-Path/From-Path) at the framing level', () => {
    const one = decodeChunk(loadRfcExample('rfc4975-s5.1-fig3-chunk1.msrp'));
    expect(one).toMatchObject({ kind: 'request', method: 'SEND', continuation: '+' });
    expect(getHeader(one, 'To-Path')).toBeUndefined();
  });

  it('reads a bodiless request and a response', () => {
    const [auth, ok] = parseAll(
      concatBytes([
        loadRfcExample('rfc4976-s5.1-L825-49fh-auth.msrp'),
        loadRfcExample('rfc4975-s4-fig2-200ok.msrp'),
      ]),
    );
    expect(auth).toMatchObject({
      kind: 'request',
      method: 'AUTH',
      body: undefined,
      continuation: '$',
    });
    expect(ok).toMatchObject({
      kind: 'response',
      status: 200,
      comment: 'OK',
      transactionId: 'a786hjs2',
    });
  });
});

const SEND = (tid: string, body: string, flag = '$') =>
  `MSRP ${tid} SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\nFrom-Path: msrp://a.example.com:1/s;tcp\r\nMessage-ID: m123\r\nContent-Type: text/plain\r\n\r\n${body}\r\n-------${tid}${flag}\r\n`;

describe('end-line detection', () => {
  it('is not fooled by dashes, the transaction id or a partial end-line in the body', () => {
    const body = [
      '-------abcd$',
      'x\r\n-------abcd',
      '\r\n-------abcd$x',
      '\r\n-------abcd$\rX',
      '\r\n-------abcdX$',
      '--------abcd$',
      'abcd',
    ].join('|');
    const [chunk] = parseAll(bytes(SEND('abcd', body)));
    expect(chunk?.kind === 'request' && dec.decode(chunk.body)).toBe(body);
  });

  it('handles empty bodies, the three flags, and several chunks in one read', () => {
    const input = bytes(SEND('t001', '', '+') + SEND('t002', 'x', '#') + SEND('t003', 'yz'));
    const chunks = parseAll(input);
    expect(
      chunks.map((c) => [c.transactionId, c.continuation, c.kind === 'request' && c.body?.length]),
    ).toEqual([
      ['t001', '+', 0],
      ['t002', '#', 1],
      ['t003', '$', 2],
    ]);
  });

  it('gives the same chunks for every split point', () => {
    const input = bytes(SEND('t001', 'hello\r\n-------t00') + SEND('t00x', 'world'));
    const whole = parseAll(input);
    for (let i = 1; i < input.length; i++) {
      expect(parseAll(input, [i])).toEqual(whole);
    }
  });
});

describe('malformed input and limits', () => {
  const cases: [string, string, string, number][] = [
    ['not MSRP', 'HTTP/1.1 200 OK\r\n', 'MALFORMED_START_LINE', 0],
    ['short transaction id', 'MSRP abc SEND\r\n', 'INVALID_TRANSACTION_ID', 5],
    ['lower-case method', 'MSRP abcd send\r\n', 'MALFORMED_START_LINE', 5],
    ['bare LF', 'MSRP abcd SEND\n', 'MALFORMED_START_LINE', 14],
    [
      'header without colon',
      'MSRP abcd SEND\r\nTo-Path msrp://x;tcp\r\n-------abcd$\r\n',
      'MALFORMED_HEADER',
      16,
    ],
    [
      'end-line without the CRLF of an empty body',
      'MSRP abcd SEND\r\nContent-Type: a/b\r\n\r\n-------abcd$\r\n',
      'MALFORMED_BODY',
      35,
    ],
    [
      'control character',
      'MSRP abcd SEND\r\nX-A: a\u0001b\r\n-------abcd$\r\n',
      'MALFORMED_HEADER',
      22,
    ],
    [
      'bare CR in a header',
      'MSRP abcd SEND\r\nX-A: a\rb\r\n-------abcd$\r\n',
      'MALFORMED_HEADER',
      22,
    ],
    ['response with a body', 'MSRP abcd 200 OK\r\nTo-Path: x\r\n\r\n', 'MALFORMED_BODY', 30],
    ['wrong end-line', 'MSRP abcd 200 OK\r\n-------abce$\r\n', 'MALFORMED_HEADER', 18],
  ];
  it.each(cases)('%s -> %s at %d', (_, text, code, offset) => {
    const parser = new MsrpParser();
    parser.push(bytes(text));
    expect(() => parser.next()).toThrow(MsrpParseError);
    parser.push(bytes(text));
    expect(() => parser.next()).toThrow(
      expect.objectContaining({ code, offset: offset + text.length }),
    );
  });

  it('refuses a response whose end-line is not "$" at the flag byte (RFC 4975 §7.2)', () => {
    for (const flag of ['+', '#'] as const) {
      const text = `MSRP abcd 200 OK\r\nTo-Path: msrp://a.example.com:1/x;tcp\r\nFrom-Path: msrp://b.example.com:2/y;tcp\r\n-------abcd${flag}\r\n`;
      const flagOffset = text.indexOf(`abcd${flag}`) + 4;
      expect(() => decodeChunk(bytes(text))).toThrow(
        expect.objectContaining({
          name: 'MsrpParseError',
          code: 'INVALID_END_LINE',
          offset: flagOffset,
        }),
      );
      // The stream parser reports the same offset, counted from the start of the stream.
      const parser = new MsrpParser();
      parser.push(bytes(`MSRP 0000 SEND\r\n-------0000$\r\n${text}`));
      expect(parser.next()).toMatchObject({ kind: 'request' });
      expect(() => parser.next()).toThrow(
        expect.objectContaining({ code: 'INVALID_END_LINE', offset: flagOffset + 30 }),
      );
      expect(() =>
        serializeChunk({
          kind: 'response',
          transactionId: 'abcd',
          status: 200,
          comment: 'OK',
          headers: [],
          continuation: flag,
        }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_END_LINE' }));
    }
  });

  it('enforces the header limit', () => {
    const parser = new MsrpParser({ maxHeaderBytes: 64 });
    parser.push(bytes(`MSRP abcd SEND\r\nX-Long: ${'a'.repeat(100)}`));
    expect(() => parser.next()).toThrow(
      expect.objectContaining({ code: 'HEADER_TOO_LARGE', offset: 64 }),
    );
  });

  it('enforces the chunk body limit, keeping the transaction id for a 413', () => {
    const parser = new MsrpParser({ maxChunkBodyBytes: 10 });
    parser.push(bytes(SEND('abcd', 'x'.repeat(30))));
    expect(() => parser.next()).toThrow(
      expect.objectContaining({
        code: 'CHUNK_TOO_LARGE',
        partial: expect.objectContaining({ transactionId: 'abcd' }),
      }),
    );
  });

  it('stays usable after an error', () => {
    const parser = new MsrpParser();
    parser.push(bytes('GARBAGE'));
    expect(() => parser.next()).toThrow(MsrpParseError);
    parser.push(bytes(SEND('abcd', 'ok')));
    expect(parser.next()).toMatchObject({ transactionId: 'abcd' });
  });

  it('says TRAILING_BYTES for two chunks in one data channel message', () => {
    expect(() => decodeChunk(bytes(SEND('abcd', 'a') + SEND('abce', 'b')))).toThrow(
      expect.objectContaining({ code: 'TRAILING_BYTES' }),
    );
  });
});
