import { BfcpParseError } from '../errors.js';
import { COMMON_HEADER_SIZE, decodeCommonHeader } from './common-header.js';
import type { BfcpMessage } from './message.js';
import { DEFAULT_MAX_MESSAGE_SIZE, decodeBody, type DecodeOptions } from './message-decoder.js';

/** What `StreamDecoder.next()` returns: a message, or "need more bytes". */
export type StreamDecodeResult =
  | { readonly kind: 'message'; readonly message: BfcpMessage; readonly bytes: Uint8Array }
  | { readonly kind: 'incomplete' };

/**
 * Frames BFCP messages out of a byte stream (TCP or TLS, RFC 8855 §6.1: the COMMON-HEADER's Payload
 * Length is the only framing). Feed bytes with `push`, take messages with `next` until it says
 * `incomplete`. A malformed message throws BfcpParseError (offset counted from the start of the
 * stream) and is skipped, so the decoder stays usable; over TCP the RFC says to close the connection
 * then, because framing can no longer be trusted. A stream is a reliable transport: the F flag is
 * ignored and the fragment fields are never present (RFC 8855 §5.1, Figure 5).
 */
export class StreamDecoder {
  #buffer: Uint8Array = new Uint8Array(0);
  #start = 0;
  #consumed = 0;
  readonly #options: DecodeOptions;

  constructor(options: DecodeOptions = {}) {
    this.#options = options;
  }

  /** Octets buffered and not yet returned as messages. */
  get buffered(): number {
    return this.#buffer.length - this.#start;
  }

  push(chunk: Uint8Array): void {
    const rest = this.#buffer.subarray(this.#start);
    const next = new Uint8Array(rest.length + chunk.length);
    next.set(rest);
    next.set(chunk, rest.length);
    this.#buffer = next;
    this.#start = 0;
  }

  next(): StreamDecodeResult {
    const view = this.#buffer.subarray(this.#start);
    const base = this.#consumed;
    let header;
    try {
      header = decodeCommonHeader(view, base, true);
    } catch (error) {
      this.#drop(view.length);
      throw error;
    }
    if (header === undefined) {
      return { kind: 'incomplete' };
    }
    const total = COMMON_HEADER_SIZE + header.payloadLength;
    const max = this.#options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    if (total > max) {
      this.#drop(view.length);
      throw new BfcpParseError(
        'LIMIT_EXCEEDED',
        `message of ${total} octets exceeds maxMessageSize ${max}`,
        base + 2,
      );
    }
    if (view.length < total) {
      return { kind: 'incomplete' };
    }
    const bytes = view.subarray(0, total);
    this.#drop(total);
    const message = decodeBody(header, bytes, COMMON_HEADER_SIZE, total, this.#options, base);
    return { kind: 'message', message, bytes };
  }

  /** Every complete message now buffered (throws on the first malformed one). */
  drain(): BfcpMessage[] {
    const out: BfcpMessage[] = [];
    for (;;) {
      const result = this.next();
      if (result.kind === 'incomplete') {
        return out;
      }
      out.push(result.message);
    }
  }

  #drop(n: number): void {
    this.#start += n;
    this.#consumed += n;
  }
}
