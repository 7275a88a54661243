import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MsrpParseError } from '../errors.js';
import type { MsrpChunk } from '../message/msrp-chunk.js';
import { chunkArb, splitPointsArb } from '../__fixtures__/arbitraries.js';
import { decodeChunk, MsrpParser } from './chunk-parser.js';
import { serializeChunk } from './chunk-serializer.js';
import { concatBytes } from '../__fixtures__/bytes.js';

function drain(parser: MsrpParser): MsrpChunk[] {
  const out: MsrpChunk[] = [];
  for (let chunk = parser.next(); chunk; chunk = parser.next()) {
    out.push(chunk);
  }
  return out;
}

describe('codec properties', () => {
  it('decode(serialize(m)) equals m', () => {
    fc.assert(
      fc.property(chunkArb, (chunk) => {
        expect(decodeChunk(serializeChunk(chunk))).toEqual(chunk);
      }),
      { numRuns: 500 },
    );
  });

  it('any split of a stream of valid chunks yields the same chunks', () => {
    const streamArb = fc.array(chunkArb, { minLength: 1, maxLength: 6 }).chain((chunks) => {
      const bytes = concatBytes(chunks.map((c) => serializeChunk(c)));
      return fc.tuple(fc.constant(chunks), fc.constant(bytes), splitPointsArb(bytes.length));
    });
    fc.assert(
      fc.property(streamArb, ([chunks, bytes, points]) => {
        const parser = new MsrpParser();
        const out: MsrpChunk[] = [];
        let from = 0;
        for (const to of [...points, bytes.length]) {
          parser.push(bytes.slice(from, to));
          out.push(...drain(parser));
          from = to;
        }
        expect(out).toEqual(chunks);
        expect(parser.bufferedBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes give "incomplete" or MsrpParseError, and the parser stays usable', () => {
    const valid = new TextEncoder().encode(
      'MSRP abcd 200 OK\r\nTo-Path: x\r\nFrom-Path: y\r\n-------abcd$\r\n',
    );
    const noise = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      // Mostly-valid input with a few corrupted bytes finds the deeper paths.
      fc
        .tuple(
          chunkArb,
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        )
        .map(([chunk, edits]) => {
          const bytes = serializeChunk(chunk).slice();
          for (const [at, value] of edits) {
            bytes[at % bytes.length] = value;
          }
          return bytes;
        }),
    );
    fc.assert(
      fc.property(noise, (bytes) => {
        const parser = new MsrpParser({ maxHeaderBytes: 512, maxChunkBodyBytes: 256 });
        parser.push(bytes);
        try {
          drain(parser);
        } catch (error) {
          expect(error).toBeInstanceOf(MsrpParseError);
        }
        parser.reset();
        parser.push(valid);
        expect(parser.next()).toMatchObject({ kind: 'response', transactionId: 'abcd' });
      }),
      { numRuns: 1000 },
    );
  });
});
