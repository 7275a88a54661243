import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MsrpError } from '../errors.js';
import type { Continuation, MsrpRequest } from '../message/msrp-chunk.js';
import { continuationArb, transactionIdArb } from '../__fixtures__/arbitraries.js';
import { decodeChunk } from './chunk-parser.js';
import { serializeChunk } from './chunk-serializer.js';
import { EndLineScanner, transactionIdFor } from './end-line-scanner.js';

const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

function request(
  transactionId: string,
  body: Uint8Array,
  continuation: Continuation = '$',
): MsrpRequest {
  return {
    kind: 'request',
    transactionId,
    method: 'SEND',
    headers: [{ name: 'Content-Type', value: 'text/plain' }],
    body,
    continuation,
  };
}

/** Reference for RFC 4975 §7.1: the bytes "-------" tid flag anywhere in the body. */
function containsEndLine(body: Uint8Array, transactionId: string): boolean {
  const text = latin1.decode(body);
  return ['$', '+', '#'].some((flag) => text.includes(`-------${transactionId}${flag}`));
}

/** Bodies built from pieces of the end-line, so that near misses and hits are frequent. */
function bodyArb(transactionId: string): fc.Arbitrary<Uint8Array> {
  const piece = fc.oneof(
    fc.constantFrom('-', '---', '-------', '\r\n', '\r', '\n', '$', '+', '#', 'x'),
    fc.constant(transactionId),
    fc.integer({ min: 1, max: transactionId.length }).map((n) => transactionId.slice(0, n)),
    fc.string({ maxLength: 4 }),
  );
  return fc.array(piece, { maxLength: 16 }).map((parts) => encoder.encode(parts.join('')));
}

describe('end-line in the body (RFC 4975 §7.1)', () => {
  it('refuses the end-line anywhere in the body, with or without CRLF around it', () => {
    for (const text of [
      'x-------abcd$y',
      '-------abcd+',
      'hello -------abcd# world',
      'a\r\n-------abcd$',
      '-------abcd$\r\nrest',
      '--------abcd$',
    ]) {
      expect(() => serializeChunk(request('abcd', encoder.encode(text)))).toThrow(
        expect.objectContaining({ code: 'END_LINE_IN_BODY' }),
      );
    }
    // Near misses: no flag, another id, six hyphens.
    for (const text of ['-------abcd', '-------abcdx$', '------abcd$', '-------abce$', 'abcd$']) {
      const chunk = request('abcd', encoder.encode(text));
      expect(decodeChunk(serializeChunk(chunk))).toEqual(chunk);
    }
  });

  it('is refused with the typed error', () => {
    expect(() => serializeChunk(request('abcd', encoder.encode('-------abcd$')))).toThrow(
      MsrpError,
    );
  });

  it('occursIn is exactly "the end-line bytes are in the body"', () => {
    const arb = transactionIdArb.chain((tid) => fc.tuple(fc.constant(tid), bodyArb(tid)));
    fc.assert(
      fc.property(arb, ([tid, body]) => {
        expect(new EndLineScanner(tid).occursIn(body)).toBe(containsEndLine(body, tid));
      }),
      { numRuns: 2000 },
    );
  });

  it('a body that serializes always parses back whole: the parser never ends it early', () => {
    const arb = transactionIdArb.chain((tid) =>
      fc.tuple(fc.constant(tid), bodyArb(tid), continuationArb),
    );
    fc.assert(
      fc.property(arb, ([tid, body, flag]) => {
        const chunk = request(tid, body, flag);
        if (containsEndLine(body, tid)) {
          expect(() => serializeChunk(chunk)).toThrow(
            expect.objectContaining({ code: 'END_LINE_IN_BODY' }),
          );
        } else {
          expect(decodeChunk(serializeChunk(chunk))).toEqual(chunk);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a sender picks another transaction id when the end-line would occur in the body', () => {
    const body = encoder.encode('quoting -------abcd$ in a chat line');
    const ids = ['abcd', 'abcd', 'efgh'];
    const tid = transactionIdFor(body, () => ids.shift() ?? 'zzzz');
    expect(tid).toBe('efgh');
    expect(ids).toEqual([]);
    expect(decodeChunk(serializeChunk(request(tid, body)))).toEqual(request(tid, body));
    expect(transactionIdFor(undefined, () => 'abcd')).toBe('abcd');
  });
});
