import { T140Error } from '../errors.js';
import type { RedBlock, RedPayload } from './red-payload.js';

/**
 * Parses a text/red payload (RFC 2198 §3, RFC 4103 §4.1): 4-byte headers `F=1|PT|offset(14)|
 * length(10)`, a 1-byte final header `F=0|PT`, the redundant blocks in header order (oldest
 * first), then the primary. `offset` is added to error offsets (the payload's place in the packet).
 */
export function parseRedPayload(payload: Uint8Array, offset = 0): RedPayload {
  const headers: { payloadType: number; timestampOffset: number; length: number }[] = [];
  let at = 0;
  for (;;) {
    if (at >= payload.length) {
      throw new T140Error(
        'INVALID_RED_PAYLOAD',
        'RED block headers end without a final (F=0) header',
        offset + at,
      );
    }
    const b = payload[at] as number;
    if ((b & 0x80) === 0) {
      at += 1;
      break;
    }
    if (at + 4 > payload.length) {
      throw new T140Error('INVALID_RED_PAYLOAD', 'RED block header cut short', offset + at);
    }
    const b1 = payload[at + 1] as number;
    const b2 = payload[at + 2] as number;
    const b3 = payload[at + 3] as number;
    headers.push({
      payloadType: b & 0x7f,
      timestampOffset: (b1 << 6) | (b2 >> 2),
      length: ((b2 & 0x03) << 8) | b3,
    });
    at += 4;
  }
  const primaryType = (payload[at - 1] as number) & 0x7f;
  const redundant: RedBlock[] = [];
  for (const header of headers) {
    if (at + header.length > payload.length) {
      throw new T140Error(
        'INVALID_RED_PAYLOAD',
        `RED block of ${header.length} bytes runs past the payload end`,
        offset + at,
      );
    }
    redundant.push({
      payloadType: header.payloadType,
      timestampOffset: header.timestampOffset,
      data: payload.slice(at, at + header.length),
    });
    at += header.length;
  }
  return { redundant, primary: { payloadType: primaryType, data: payload.slice(at) } };
}
