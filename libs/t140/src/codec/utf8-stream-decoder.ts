import { toWellFormed } from './well-formed.js';

/**
 * UTF-8 bytes to text across any split, never throwing: invalid sequences become U+FFFD (one per
 * maximal invalid subpart, as the WHATWG Encoding Standard decodes), a sequence cut at the end of a
 * chunk waits for the next one. BOMs are kept (the T.140 parser deletes them everywhere).
 */
export class Utf8StreamDecoder {
  readonly #decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  /** Decodes one chunk; an unfinished sequence at its end is held for the next chunk. */
  decode(bytes: Uint8Array): string {
    return this.#decoder.decode(bytes, { stream: true });
  }

  /** Ends the byte stream: a held unfinished sequence becomes U+FFFD. */
  flush(): string {
    return this.#decoder.decode();
  }

  /** Text that arrived as a string (a data-channel text message): lone surrogates become U+FFFD. */
  static fromString(text: string): string {
    return toWellFormed(text);
  }
}
