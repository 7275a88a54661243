import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeChunk } from '../codec/chunk-parser.js';
import { serializeChunk } from '../codec/chunk-serializer.js';
import { readRequestFields } from '../message/request-fields.js';
import { newTransactionId } from '../message/transaction-id.js';
import { parsePath } from '../uri/msrp-uri.js';
import { ReassemblyBuffer } from './reassembly-buffer.js';
import { chunkMessage } from './send-chunks.js';

const toPath = parsePath('msrps://bob.example.com:51444/di551fsaodes;dc');
const fromPath = parsePath('msrps://alice.example.com:54111/si438dsaodes;dc');

describe('chunking properties', () => {
  it('any chunking of a random message, delivered in any order, reassembles to it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 5000 }),
        fc.integer({ min: 300, max: 3000 }),
        fc.infiniteStream(fc.nat()),
        (body, maxChunkBytes, randomness) => {
          const chunks = chunkMessage(
            {
              messageId: 'msg0001',
              toPath,
              fromPath,
              contentType: 'application/octet-stream',
              body,
            },
            maxChunkBytes,
            newTransactionId,
          );
          const wire = chunks.map((c) => serializeChunk(c));
          for (const bytes of wire) {
            expect(bytes.length).toBeLessThanOrEqual(maxChunkBytes);
          }
          // Shuffle (relays may reorder, RFC 4975 §7.3.1), then reassemble from the wire bytes.
          const order = wire.map((bytes, i) => ({
            bytes,
            key: randomness.next().value as number,
            i,
          }));
          order.sort((a, b) => a.key - b.key || a.i - b.i);
          const buffer = new ReassemblyBuffer('msg0001', 1 << 20);
          for (const { bytes } of order) {
            const chunk = decodeChunk(bytes);
            if (chunk.kind !== 'request' || chunk.body === undefined) {
              throw new Error('expected a SEND with a body');
            }
            buffer.write(readRequestFields(chunk).byteRange, chunk.body, chunk.continuation);
          }
          expect(buffer.complete).toBe(true);
          expect(buffer.bytes()).toEqual(body);
        },
      ),
      { numRuns: 200 },
    );
  });
});
