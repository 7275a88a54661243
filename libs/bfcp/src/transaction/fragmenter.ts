import { BfcpError } from '../errors.js';
import { COMMON_HEADER_SIZE, FRAGMENT_HEADER_SIZE } from '../message/common-header.js';

/**
 * Splits an encoded message into fragments of at most `maxDatagramSize` octets each (RFC 8855
 * §6.2.3): same header and Transaction ID, F set, Fragment Offset and Fragment Length in 4-octet
 * words, Payload Length of the whole message. A message that fits is returned as is.
 */
export function fragmentMessage(message: Uint8Array, maxDatagramSize: number): Uint8Array[] {
  if (message.length <= maxDatagramSize) {
    return [message];
  }
  const perFragment = Math.floor((maxDatagramSize - FRAGMENT_HEADER_SIZE) / 4) * 4;
  if (perFragment < 4) {
    throw new BfcpError(
      'INVALID_ARGUMENT',
      `maxDatagramSize ${maxDatagramSize} leaves no room for a fragment (at least 20 octets)`,
    );
  }
  const payload = message.subarray(COMMON_HEADER_SIZE);
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < payload.length; offset += perFragment) {
    const chunk = payload.subarray(offset, Math.min(payload.length, offset + perFragment));
    const fragment = new Uint8Array(FRAGMENT_HEADER_SIZE + chunk.length);
    fragment.set(message.subarray(0, COMMON_HEADER_SIZE));
    fragment[0] = (fragment[0] as number) | 0x08;
    fragment[12] = (offset / 4) >> 8;
    fragment[13] = (offset / 4) & 0xff;
    fragment[14] = (chunk.length / 4) >> 8;
    fragment[15] = (chunk.length / 4) & 0xff;
    fragment.set(chunk, FRAGMENT_HEADER_SIZE);
    out.push(fragment);
  }
  return out;
}
