import {
  createDecodeContext,
  decodeAttributes,
  type AttributeDecodeOptions,
} from '../attributes/attribute-decoder.js';
import { BfcpParseError } from '../errors.js';
import { ByteReader } from '../wire/byte-reader.js';
import { COMMON_HEADER_SIZE, decodeCommonHeader } from './common-header.js';
import type { BfcpMessage, CommonHeader } from './message.js';
import { validateMessage } from './message-validator.js';
import { isKnownPrimitive } from './primitive.js';

export interface DecodeOptions extends AttributeDecodeOptions {
  /**
   * Besides the attribute repairs (see AttributeDecodeOptions): accept a Payload Length counted in
   * octets instead of 4-octet words, primitives RFC 8855 does not define (vendor primitives such as
   * 91 or 93, decoded generically), and attributes that break their primitive's ABNF.
   */
  readonly lenient?: boolean;
  /** Largest message accepted, in octets. Default 12 + 4 x 65535 (what Payload Length can say). */
  readonly maxMessageSize?: number;
  /**
   * The message came over a reliable transport (data channel, WebSocket, TCP): the F flag is
   * ignored and the header is 12 octets, as RFC 8855 §5.1 requires of the receiver. Without it, a
   * fragment (F set) is refused with INVALID_FRAGMENT: reassemble datagrams first (Reassembler).
   */
  readonly reliable?: boolean;
}

export const DEFAULT_MAX_MESSAGE_SIZE = COMMON_HEADER_SIZE + 4 * 0xffff;

/**
 * Decodes exactly one complete BFCP message: `bytes` must hold the COMMON-HEADER and precisely the
 * payload its Payload Length announces (one data channel / WebSocket message or UDP datagram).
 * Throws BfcpParseError (with the byte offset) on anything malformed; never another exception.
 * With `reliable` the F flag is ignored (RFC 8855 §5.1); otherwise fragments (F flag) are refused
 * here: reassemble them first (Reassembler).
 */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): BfcpMessage {
  const maxSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  if (bytes.length > maxSize) {
    throw new BfcpParseError(
      'LIMIT_EXCEEDED',
      `message of ${bytes.length} octets exceeds maxMessageSize ${maxSize}`,
      maxSize,
    );
  }
  const header = decodeCommonHeader(bytes, 0, options.reliable ?? false);
  if (header === undefined) {
    throw new BfcpParseError(
      'TRUNCATED',
      `${bytes.length} octet(s) cannot hold the 12-octet COMMON-HEADER`,
      bytes.length,
    );
  }
  if (header.fragment) {
    throw new BfcpParseError(
      'INVALID_FRAGMENT',
      'a fragment (F flag set) cannot be decoded alone: reassemble it first',
      0,
    );
  }
  let payloadLength = header.payloadLength;
  const available = bytes.length - COMMON_HEADER_SIZE;
  if (available !== payloadLength) {
    const octetCounted = header.payloadLength / 4;
    if (options.lenient && octetCounted === available && available % 4 === 0) {
      options.onWarning?.({
        offset: 2,
        message: `Payload Length ${octetCounted} counts octets, not 4-octet words`,
      });
      payloadLength = available;
    } else {
      throw new BfcpParseError(
        'INCORRECT_LENGTH',
        `Payload Length announces ${payloadLength} octets but ${available} follow the header`,
        2,
      );
    }
  }
  return decodeBody(header, bytes, COMMON_HEADER_SIZE, COMMON_HEADER_SIZE + payloadLength, options);
}

/** Decodes the attributes of a message whose header is already read (used by the stream decoder). */
export function decodeBody(
  header: CommonHeader,
  bytes: Uint8Array,
  start: number,
  end: number,
  options: DecodeOptions,
  baseOffset = 0,
): BfcpMessage {
  if (!isKnownPrimitive(header.primitive)) {
    if (!options.lenient) {
      throw new BfcpParseError(
        'UNKNOWN_PRIMITIVE',
        `primitive ${header.primitive} is not defined by RFC 8855`,
        baseOffset + 1,
      );
    }
    options.onWarning?.({
      offset: baseOffset + 1,
      message: `primitive ${header.primitive} is not defined by RFC 8855; decoded generically`,
    });
  }
  const reader = new ByteReader(bytes, start, end, baseOffset);
  const attributes = decodeAttributes(reader, createDecodeContext(options));
  const message: BfcpMessage = {
    version: header.version,
    responder: header.responder,
    primitive: header.primitive,
    conferenceId: header.conferenceId,
    transactionId: header.transactionId,
    userId: header.userId,
    attributes,
  };
  for (const violation of validateMessage(message)) {
    const offset = baseOffset + attributeOffset(bytes, start, violation.path);
    if (violation.severity === 'error' && !options.lenient) {
      throw new BfcpParseError('INVALID_MESSAGE', violation.message, offset);
    }
    options.onWarning?.({ offset, message: violation.message });
  }
  return message;
}

/** The offset of the attribute at `path` (indexes into nested attribute lists) in well-formed bytes. */
function attributeOffset(bytes: Uint8Array, start: number, path: readonly number[]): number {
  let at = start;
  path.forEach((index, depth) => {
    if (depth > 0) {
      at += 4; // into the grouped attribute, past its header
    }
    for (let i = 0; i < index; i++) {
      const length = bytes[at + 1] ?? 0;
      at += length + ((4 - (length % 4)) % 4);
    }
  });
  return at;
}
