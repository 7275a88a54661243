import { T140Error } from '../errors.js';
import { MAX_RED_BLOCK_LENGTH, MAX_RED_TIMESTAMP_OFFSET, type RedPayload } from './red-payload.js';

/** Writes a text/red payload. Throws BLOCK_TOO_LARGE for a block above 1023 bytes or an offset above 16383. */
export function serializeRedPayload(red: RedPayload): Uint8Array {
  let length = 1 + red.primary.data.length;
  for (const block of red.redundant) {
    if (block.data.length > MAX_RED_BLOCK_LENGTH) {
      throw new T140Error(
        'BLOCK_TOO_LARGE',
        `redundant block of ${block.data.length} bytes exceeds ${MAX_RED_BLOCK_LENGTH}`,
      );
    }
    if (block.timestampOffset < 0 || block.timestampOffset > MAX_RED_TIMESTAMP_OFFSET) {
      throw new T140Error(
        'BLOCK_TOO_LARGE',
        `timestamp offset ${block.timestampOffset} is not 0-${MAX_RED_TIMESTAMP_OFFSET}`,
      );
    }
    length += 4 + block.data.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const block of red.redundant) {
    out[at] = 0x80 | (block.payloadType & 0x7f);
    out[at + 1] = block.timestampOffset >> 6;
    out[at + 2] = ((block.timestampOffset & 0x3f) << 2) | (block.data.length >> 8);
    out[at + 3] = block.data.length & 0xff;
    at += 4;
  }
  out[at++] = red.primary.payloadType & 0x7f;
  for (const block of red.redundant) {
    out.set(block.data, at);
    at += block.data.length;
  }
  out.set(red.primary.data, at);
  return out;
}
