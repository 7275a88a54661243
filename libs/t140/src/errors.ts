/**
 * Every code a @parley/t140 error carries. Receiving T.140 text never throws (bad bytes become
 * U+FFFD); these codes are for malformed RTP/RED packets and SDP, refused channels and bad options.
 */
export type T140ErrorCode =
  /** An RTP packet shorter than its header, with a bad version, or with inconsistent CSRC/extension/padding lengths. */
  | 'INVALID_RTP_PACKET'
  /** A text/red payload (RFC 2198) whose block headers run past the payload or whose lengths do not add up. */
  | 'INVALID_RED_PAYLOAD'
  /** An RTP payload type that is neither the configured text/t140 nor the text/red type. */
  | 'UNKNOWN_PAYLOAD_TYPE'
  /** A T140block too large for a RED block (more than 1023 bytes) or a RED timestamp offset above 16383. */
  | 'BLOCK_TOO_LARGE'
  /** A data channel or dcmap that is not reliable and ordered (RFC 8865 §3, §4.1). */
  | 'UNRELIABLE_CHANNEL'
  /** A channel whose subprotocol is not `t140`. */
  | 'WRONG_SUBPROTOCOL'
  /** An `a=dcmap`/`a=dcsa`/`a=fmtp` value that does not follow its grammar. */
  | 'INVALID_SDP'
  /** An option outside its allowed range (an interval above 500 ms, a cps below 1...). */
  | 'INVALID_OPTION'
  /** A call made in a state that does not allow it (attaching a closed channel...). */
  | 'INVALID_STATE';

/** Base (and only) error class of @parley/t140. `offset` is the byte offset for parse errors. */
export class T140Error extends Error {
  override readonly name = 'T140Error';
  constructor(
    readonly code: T140ErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

/** Every code, for exhaustive tables (README error reference, CLI). */
export const T140_ERROR_CODES: readonly T140ErrorCode[] = [
  'INVALID_RTP_PACKET',
  'INVALID_RED_PAYLOAD',
  'UNKNOWN_PAYLOAD_TYPE',
  'BLOCK_TOO_LARGE',
  'UNRELIABLE_CHANNEL',
  'WRONG_SUBPROTOCOL',
  'INVALID_SDP',
  'INVALID_OPTION',
  'INVALID_STATE',
];
