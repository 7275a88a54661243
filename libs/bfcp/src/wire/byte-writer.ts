const utf8Encoder = new TextEncoder();

/** A growable big-endian writer. `finish()` returns the written bytes (a view of its buffer). */
export class ByteWriter {
  #buf: Uint8Array;
  #pos = 0;

  constructor(initialSize = 256) {
    this.#buf = new Uint8Array(initialSize);
  }

  get position(): number {
    return this.#pos;
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) {
      return;
    }
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) {
      size *= 2;
    }
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
  }

  u8(value: number): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = value & 0xff;
  }

  u16(value: number): void {
    this.#ensure(2);
    this.#buf[this.#pos++] = (value >>> 8) & 0xff;
    this.#buf[this.#pos++] = value & 0xff;
  }

  u32(value: number): void {
    this.#ensure(4);
    this.#buf[this.#pos++] = (value >>> 24) & 0xff;
    this.#buf[this.#pos++] = (value >>> 16) & 0xff;
    this.#buf[this.#pos++] = (value >>> 8) & 0xff;
    this.#buf[this.#pos++] = value & 0xff;
  }

  bytes(value: Uint8Array): void {
    this.#ensure(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
  }

  /** Writes text as UTF-8 and returns the number of octets written. */
  utf8(text: string): number {
    this.#ensure(text.length * 3);
    const { written } = utf8Encoder.encodeInto(text, this.#buf.subarray(this.#pos));
    this.#pos += written;
    return written;
  }

  /** Zero octets up to the next multiple of 4. */
  pad4(): void {
    while (this.#pos % 4 !== 0) {
      this.u8(0);
    }
  }

  /** Overwrites one octet already written (a length patched after the contents). */
  patchU8(at: number, value: number): void {
    this.#buf[at] = value & 0xff;
  }

  patchU16(at: number, value: number): void {
    this.#buf[at] = (value >>> 8) & 0xff;
    this.#buf[at + 1] = value & 0xff;
  }

  finish(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }
}
