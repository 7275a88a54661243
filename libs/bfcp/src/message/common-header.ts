import { BfcpParseError } from '../errors.js';
import type { ByteWriter } from '../wire/byte-writer.js';
import type { CommonHeader, HeaderFields } from './message.js';

/** Size of the COMMON-HEADER without (12) and with (16) the fragment fields. */
export const COMMON_HEADER_SIZE = 12;
export const FRAGMENT_HEADER_SIZE = 16;
/** The largest payload the 16-bit Payload Length (in 4-octet words) can describe. */
export const MAX_PAYLOAD_LENGTH = 4 * 0xffff;

const VERSION_MASK = 0xe0;
const R_FLAG = 0x10;
const F_FLAG = 0x08;

/**
 * Reads the COMMON-HEADER at the start of `bytes` (RFC 8855 §5.1). Returns undefined when fewer
 * bytes than the header are present. Throws UNSUPPORTED_VERSION for a Ver other than 1 or 2.
 * With `reliable`, the F flag is ignored: RFC 8855 §5.1 "When BFCP is used over a reliable
 * transport, the flag has no significance and MUST be cleared by the sender, and the flag MUST be
 * ignored by the receiver", and Figure 5: the fragment fields "are never present when using
 * reliable transports". The header is then always 12 octets and `fragment` undefined.
 */
export function decodeCommonHeader(
  bytes: Uint8Array,
  baseOffset = 0,
  reliable = false,
): CommonHeader | undefined {
  if (bytes.length < COMMON_HEADER_SIZE) {
    return undefined;
  }
  const b0 = bytes[0] as number;
  const version = (b0 & VERSION_MASK) >> 5;
  if (version !== 1 && version !== 2) {
    throw new BfcpParseError(
      'UNSUPPORTED_VERSION',
      `BFCP version ${version} is not supported (1 or 2)`,
      baseOffset,
    );
  }
  const fragmented = !reliable && (b0 & F_FLAG) !== 0;
  if (fragmented && bytes.length < FRAGMENT_HEADER_SIZE) {
    return undefined;
  }
  const u16 = (at: number) => ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
  return {
    version,
    responder: (b0 & R_FLAG) !== 0,
    primitive: bytes[1] as number,
    payloadLength: u16(2) * 4,
    conferenceId: (bytes[4] as number) * 0x1000000 + ((u16(5) << 8) | (bytes[7] as number)),
    transactionId: u16(8),
    userId: u16(10),
    fragment: fragmented ? { offset: u16(12) * 4, length: u16(14) * 4 } : undefined,
  };
}

/** Writes a 12-octet COMMON-HEADER with a Payload Length of 0 (patched by the caller). */
export function writeCommonHeader(
  w: ByteWriter,
  h: HeaderFields,
  fragment?: { offset: number; length: number },
): void {
  w.u8((h.version << 5) | (h.responder ? R_FLAG : 0) | (fragment ? F_FLAG : 0));
  w.u8(h.primitive);
  w.u16(0);
  w.u32(h.conferenceId);
  w.u16(h.transactionId);
  w.u16(h.userId);
  if (fragment) {
    w.u16(fragment.offset / 4);
    w.u16(fragment.length / 4);
  }
}
