import type { BfcpAttribute } from '../attributes/attribute.js';

/** BFCP version: 1 on reliable transports (TCP, TLS, WebSocket, data channel), 2 on UDP/DTLS. */
export type BfcpVersion = 1 | 2;

/** The fields of the COMMON-HEADER (RFC 8855 §5.1) that a message carries whatever its length or fragmentation. */
export interface HeaderFields {
  readonly version: BfcpVersion;
  /** Transaction Responder flag (unreliable transports: true on responses). */
  readonly responder: boolean;
  /** The 8-bit primitive value; values RFC 8855 does not define appear only with lenient decoding. */
  readonly primitive: number;
  readonly conferenceId: number;
  readonly transactionId: number;
  readonly userId: number;
}

/** The COMMON-HEADER of RFC 8855 §5.1. */
export interface CommonHeader extends HeaderFields {
  /** Payload length in octets (the wire field counts 4-octet words). */
  readonly payloadLength: number;
  /** Present when the F flag is set: offset and length of this fragment, in octets. */
  readonly fragment?: { readonly offset: number; readonly length: number } | undefined;
}

/** A complete (unfragmented) BFCP message. */
export interface BfcpMessage extends HeaderFields {
  readonly attributes: readonly BfcpAttribute[];
}
