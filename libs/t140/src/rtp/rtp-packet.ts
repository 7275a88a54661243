/** An RTP packet (RFC 3550 §5.1) as the text payloads use it. */
export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  /** 16-bit sequence number. */
  readonly sequenceNumber: number;
  /** 32-bit timestamp (1000 Hz for text). */
  readonly timestamp: number;
  readonly ssrc: number;
  /** Contributing sources; RFC 9071 mixers put the text's source here (CC = 1). */
  readonly csrcs: readonly number[];
  /** Header extension (X bit): profile-defined 16 bits and the extension data (a multiple of 4 bytes). */
  readonly extension?: { readonly profile: number; readonly data: Uint8Array };
  /** Padding octets at the end (P bit), including the count octet. */
  readonly padding?: number;
  readonly payload: Uint8Array;
}

/** The RTP fixed header is 12 bytes. */
export const RTP_HEADER_LENGTH = 12;
