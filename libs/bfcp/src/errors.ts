/**
 * Every error @parley/bfcp throws is a BfcpError with a string-literal `code`. Parse errors carry the
 * byte `offset` where the problem was found. `wireErrorCode` maps a code to the BFCP ERROR-CODE a
 * floor control server answers with (RFC 8855 §5.2.6, §13.8), or undefined when no answer applies.
 */
export type BfcpErrorCode =
  /** Fewer bytes than the COMMON-HEADER or the Payload Length announce (a whole message was expected). */
  | 'TRUNCATED'
  /** Ver is not 1 or 2, or not the version this connection uses. */
  | 'UNSUPPORTED_VERSION'
  /** Payload Length disagrees with the bytes received, or fragments exceed it. */
  | 'INCORRECT_LENGTH'
  /** A primitive value RFC 8855 does not define (strict decoding). */
  | 'UNKNOWN_PRIMITIVE'
  /** An attribute whose Length or contents break its format (bad length, padding, UTF-8). */
  | 'MALFORMED_ATTRIBUTE'
  /** The attributes do not match the primitive's ABNF (RFC 8855 §5.3). */
  | 'INVALID_MESSAGE'
  /** A configured limit on hostile input was exceeded (message size, attribute count, nesting). */
  | 'LIMIT_EXCEEDED'
  /** A value cannot be encoded (out of range, a grouped attribute longer than 255 octets...). */
  | 'INVALID_ARGUMENT'
  /** A fragment that does not fit its message (RFC 8855 §6.2.3). */
  | 'INVALID_FRAGMENT'
  /** JSON given to `messageFromJson` does not describe a BFCP message. */
  | 'INVALID_JSON'
  /** An SDP line that breaks RFC 8856 / our data-channel profile. */
  | 'INVALID_SDP'
  /** A call made in a state that does not allow it (request on a closed connection...). */
  | 'INVALID_STATE'
  /** The floor control server answered a request with an Error message. */
  | 'ERROR_RESPONSE'
  /** No response within the transaction failure window (unreliable transports, or a configured timeout). */
  | 'TRANSACTION_TIMEOUT'
  /** The connection closed before the transaction completed. */
  | 'CONNECTION_CLOSED';

/** Base of every error @parley/bfcp throws. */
export class BfcpError extends Error {
  override readonly name: string = 'BfcpError';
  constructor(
    readonly code: BfcpErrorCode,
    message: string,
    /** Byte offset of the problem in the input, for parse errors. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

/** Malformed input found while decoding bytes. */
export class BfcpParseError extends BfcpError {
  override readonly name = 'BfcpParseError';
  /** Byte offset of the problem in the input. */
  declare readonly offset: number;
}

/** An Error message received as the response to a request (RFC 8855 §13.8). */
export class BfcpErrorResponse extends BfcpError {
  override readonly name = 'BfcpErrorResponse';
  constructor(
    /** The ERROR-CODE value (1-14, or an unknown code the server sent). */
    readonly errorCode: number,
    /** ERROR-INFO text, when the server gave one. */
    readonly errorInfo: string | undefined,
    /** Attribute types listed by Error code 4 (Unknown Mandatory Attribute). */
    readonly unknownAttributes: readonly number[] = [],
  ) {
    super(
      'ERROR_RESPONSE',
      `floor control server answered Error ${errorCode}${errorInfo ? `: ${errorInfo}` : ''}`,
    );
  }
}

/**
 * The ERROR-CODE a floor control server sends for a library error (RFC 8855 §5.1, §6.2, §13), or
 * undefined when the error is local and nothing goes on the wire.
 */
export function wireErrorCode(code: BfcpErrorCode): number | undefined {
  switch (code) {
    case 'UNSUPPORTED_VERSION':
      return 12;
    case 'INCORRECT_LENGTH':
    case 'INVALID_FRAGMENT':
      return 13;
    case 'UNKNOWN_PRIMITIVE':
      return 3;
    case 'TRUNCATED':
    case 'MALFORMED_ATTRIBUTE':
    case 'INVALID_MESSAGE':
    case 'LIMIT_EXCEEDED':
      return 10;
    case 'INVALID_ARGUMENT':
    case 'INVALID_JSON':
    case 'INVALID_SDP':
    case 'INVALID_STATE':
    case 'ERROR_RESPONSE':
    case 'TRANSACTION_TIMEOUT':
    case 'CONNECTION_CLOSED':
      return undefined;
  }
}
