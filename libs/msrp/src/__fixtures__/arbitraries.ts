// fast-check generators shared by the specs (not part of the build: only *.spec.ts import it).
import fc from 'fast-check';
import { EndLineScanner } from '../codec/end-line-scanner.js';
import type { Continuation, MsrpChunk, MsrpHeader } from '../message/msrp-chunk.js';

const IDENT_FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const IDENT_REST = `${IDENT_FIRST}.-+%=`;

export const transactionIdArb = fc
  .tuple(
    fc.constantFrom(...IDENT_FIRST.split('')),
    fc.array(fc.constantFrom(...IDENT_REST.split('')), { minLength: 3, maxLength: 31 }),
  )
  .map(([first, rest]) => first + rest.join(''));

/** utf8text without control characters (HTAB allowed). */
export const headerValueArb = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code === 9 || (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0))) {
      out += c;
    }
  }
  return out;
});

export const headerArb: fc.Arbitrary<MsrpHeader> = fc.record({
  name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/),
  value: headerValueArb,
});

export const continuationArb = fc.constantFrom<Continuation>('+', '$', '#');

export const chunkArb: fc.Arbitrary<MsrpChunk> = fc.oneof(
  fc
    .record({
      transactionId: transactionIdArb,
      method: fc.oneof(
        fc.constantFrom('SEND', 'REPORT', 'NICKNAME', 'AUTH'),
        fc.stringMatching(/^[A-Z]{1,10}$/),
      ),
      headers: fc.array(headerArb, { maxLength: 8 }),
      body: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
      continuation: continuationArb,
    })
    .filter((r) => r.body === undefined || !new EndLineScanner(r.transactionId).occursIn(r.body))
    .map((r): MsrpChunk => ({ kind: 'request', ...r })),
  fc
    .record({
      transactionId: transactionIdArb,
      status: fc.integer({ min: 100, max: 999 }),
      comment: fc.option(headerValueArb, { nil: undefined }),
      headers: fc.array(headerArb, { maxLength: 8 }),
      // RFC 4975 §7.2: a response is never chunked, its end-line always ends with "$".
      continuation: fc.constant<Continuation>('$'),
    })
    .map((r): MsrpChunk => ({ kind: 'response', ...r })),
);

/** Cut points (sorted, inside 1..length-1) for a byte stream of `length` bytes. */
export function splitPointsArb(length: number): fc.Arbitrary<number[]> {
  return length < 2
    ? fc.constant([])
    : fc
        .uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 20 })
        .map((points) => points.sort((a, b) => a - b));
}
