import { BfcpParseError, type BfcpErrorCode } from '../errors.js';

/**
 * A bounds-checked big-endian reader over a byte range. Every read past `end` throws a
 * BfcpParseError carrying the absolute offset, so no decoder can read outside its attribute.
 */
export class ByteReader {
  #pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
    /** Added to positions in error offsets (the reader may cover a slice of a larger input). */
    readonly baseOffset = 0,
  ) {
    this.#pos = start;
  }

  get position(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.end - this.#pos;
  }

  /** Absolute offset of the current position in the original input. */
  get offset(): number {
    return this.baseOffset + this.#pos;
  }

  #need(n: number, what: string, code: BfcpErrorCode): void {
    if (this.#pos + n > this.end) {
      throw new BfcpParseError(
        code,
        `${what}: need ${n} byte(s), ${this.remaining} left`,
        this.offset,
      );
    }
  }

  u8(what = 'octet', code: BfcpErrorCode = 'TRUNCATED'): number {
    this.#need(1, what, code);
    return this.bytes[this.#pos++] as number;
  }

  u16(what = '16-bit field', code: BfcpErrorCode = 'TRUNCATED'): number {
    this.#need(2, what, code);
    const b = this.bytes;
    const p = this.#pos;
    this.#pos += 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  u32(what = '32-bit field', code: BfcpErrorCode = 'TRUNCATED'): number {
    this.#need(4, what, code);
    const b = this.bytes;
    const p = this.#pos;
    this.#pos += 4;
    return (
      (b[p] as number) * 0x1000000 +
      (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number))
    );
  }

  /** A view (not a copy) of the next `n` bytes. */
  view(n: number, what = 'bytes', code: BfcpErrorCode = 'TRUNCATED'): Uint8Array {
    this.#need(n, what, code);
    const out = this.bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  skip(n: number, what = 'padding', code: BfcpErrorCode = 'TRUNCATED'): void {
    this.#need(n, what, code);
    this.#pos += n;
  }
}
