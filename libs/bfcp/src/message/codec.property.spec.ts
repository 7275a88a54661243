import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { validMessage } from '../__fixtures__/arbitraries.js';
import { BfcpError } from '../errors.js';
import { decodeMessage } from './message-decoder.js';
import { encodeMessage } from './message-encoder.js';
import { validateMessage } from './message-validator.js';
import { StreamDecoder } from './stream-decoder.js';

function decodesOrThrowsBfcpError(bytes: Uint8Array, lenient: boolean): void {
  try {
    decodeMessage(bytes, { lenient });
  } catch (error) {
    if (!(error instanceof BfcpError)) {
      throw error;
    }
  }
}

describe('codec properties', () => {
  it('decode(encode(m)) equals m for random valid messages of all 17 primitives', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        expect(validateMessage(m).filter((v) => v.severity === 'error')).toEqual([]);
        const bytes = encodeMessage(m);
        expect(bytes.length % 4).toBe(0);
        expect(decodeMessage(bytes)).toEqual(m);
      }),
      { numRuns: 2000 },
    );
  });

  it('encode(decode(bytes)) gives the same bytes', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        const bytes = encodeMessage(m);
        expect(encodeMessage(decodeMessage(bytes))).toEqual(bytes);
      }),
    );
  });

  it('arbitrary bytes give a message or a BfcpError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, lenient) => {
        decodesOrThrowsBfcpError(bytes, lenient);
      }),
      { numRuns: 5000 },
    );
  });

  it('corrupted valid messages give a message or a BfcpError', () => {
    fc.assert(
      fc.property(
        validMessage,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (m, flips, lenient) => {
          const bytes = encodeMessage(m).slice();
          for (const [at, value] of flips) {
            bytes[at % bytes.length] = value;
          }
          decodesOrThrowsBfcpError(bytes, lenient);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('any split of a byte stream gives the same messages', () => {
    fc.assert(
      fc.property(
        fc.array(validMessage, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cuts) => {
          const encoded = messages.map((m) => encodeMessage(m));
          const stream = new Uint8Array(encoded.reduce((n, b) => n + b.length, 0));
          let at = 0;
          for (const b of encoded) {
            stream.set(b, at);
            at += b.length;
          }
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort(
            (a, b) => a - b,
          );
          const decoder = new StreamDecoder();
          const out = [];
          let last = 0;
          for (const point of [...points, stream.length]) {
            decoder.push(stream.subarray(last, point));
            out.push(...decoder.drain());
            last = point;
          }
          expect(out).toEqual(messages);
          expect(decoder.buffered).toBe(0);
        },
      ),
    );
  });

  it('the stream decoder stays usable after malformed input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 64 }), validMessage, (garbage, m) => {
        const decoder = new StreamDecoder();
        decoder.push(garbage);
        let failed = false;
        for (let i = 0; i < 100; i++) {
          try {
            if (decoder.next().kind === 'incomplete') {
              break;
            }
          } catch (error) {
            expect(error).toBeInstanceOf(BfcpError);
            failed = true;
          }
        }
        fc.pre(failed && decoder.buffered === 0);
        // A malformed message is dropped with what was buffered; the next message decodes.
        decoder.push(encodeMessage(m));
        expect(decoder.drain()).toEqual([m]);
      }),
    );
  });
});
