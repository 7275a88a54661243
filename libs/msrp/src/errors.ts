/**
 * Every error @parley/msrp throws or emits. The code says what went wrong; `statusForError` (session/)
 * says which MSRP status code, if any, answers it on the wire.
 */
export type MsrpErrorCode =
  // Wire format (MsrpParseError, always with a byte offset)
  | 'MALFORMED_START_LINE'
  | 'INVALID_TRANSACTION_ID'
  | 'MALFORMED_HEADER'
  | 'INVALID_HEADER_VALUE'
  | 'MALFORMED_BODY'
  | 'INVALID_END_LINE'
  | 'HEADER_TOO_LARGE'
  | 'CHUNK_TOO_LARGE'
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'INVALID_URI'
  // Building messages
  | 'INVALID_ARGUMENT'
  | 'END_LINE_IN_BODY'
  // Sessions and transactions
  | 'INVALID_STATE'
  | 'TRANSACTION_TIMEOUT'
  | 'REQUEST_FAILED'
  | 'FAILURE_REPORT'
  | 'MESSAGE_ABORTED'
  | 'MESSAGE_TOO_LARGE'
  | 'CHANNEL_CLOSED'
  | 'PROTOCOL_VIOLATION'
  | 'UNKNOWN_SENDER'
  | 'SESSION_IN_USE'
  // Companion formats
  | 'INVALID_SDP'
  | 'INVALID_CPIM'
  | 'INVALID_XML';

/** Base of every error @parley/msrp throws. */
export class MsrpError extends Error {
  override readonly name: string = 'MsrpError';
  constructor(
    readonly code: MsrpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a parse error could still read of the request or response before it failed. */
export interface PartialChunk {
  readonly transactionId?: string;
  readonly method?: string;
  readonly status?: number;
  /** Raw `[name, value]` header lines read before the error. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
}

/**
 * Malformed bytes. `offset` counts bytes from the start of the stream (or of the buffer given to
 * a one-shot parse function). `partial` holds what was read before the error, so a receiver can
 * still answer with the transaction id (RFC 4975 §7.3: 400 and friends).
 */
export class MsrpParseError extends MsrpError {
  override readonly name = 'MsrpParseError';
  constructor(
    code: MsrpErrorCode,
    message: string,
    readonly offset: number,
    readonly partial: PartialChunk = {},
  ) {
    super(code, `${message} (at byte ${offset})`);
  }
}

/** A transaction that ended with something other than 200: a response code, a 408 timeout, a failure REPORT. */
export class MsrpTransactionError extends MsrpError {
  override readonly name = 'MsrpTransactionError';
  constructor(
    code: 'TRANSACTION_TIMEOUT' | 'REQUEST_FAILED' | 'FAILURE_REPORT',
    message: string,
    /** The MSRP status code (408 for a local timeout). */
    readonly status: number,
    readonly comment?: string,
  ) {
    super(code, message);
  }
}
