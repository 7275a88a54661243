import { MsrpError } from '../errors.js';
import type { ByteRange } from '../message/byte-range.js';
import type { Continuation } from '../message/msrp-chunk.js';
import { RangeSet } from './range-set.js';

/**
 * The virtual buffer of one incoming message (RFC 4975 §7.3.1): chunks are placed by their
 * range-start, in any order; the chunk length comes from the data (not from range-end); overlapping
 * data is overwritten by the last chunk received; the `$` chunk fixes the total length.
 */
export class ReassemblyBuffer {
  #data: Uint8Array;
  readonly #received = new RangeSet();
  /** Set by the `$` chunk. */
  #length: number | undefined;
  /** The total announced by the senders' Byte-Range (`*` = unknown). */
  #announced: number | '*' = '*';
  #aborted = false;

  constructor(
    readonly messageId: string,
    readonly maxSize: number,
  ) {
    this.#data = new Uint8Array(0);
  }

  /** Octets received so far (duplicates counted once). */
  get receivedBytes(): number {
    return this.#received.size;
  }

  /** The total length when known: from the `$` chunk, else from a Byte-Range total. */
  get totalBytes(): number | undefined {
    return this.#length ?? (this.#announced === '*' ? undefined : this.#announced);
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** True when the `$` chunk arrived and every octet before its end is there. */
  get complete(): boolean {
    return this.#length !== undefined && this.#received.coversPrefix(this.#length);
  }

  /** Octets held in memory (for limits). */
  get memoryBytes(): number {
    return this.#data.length;
  }

  /** The received intervals, 1-based inclusive like Byte-Range. */
  receivedRanges(): { start: number; end: number }[] {
    return this.#received.intervals().map(([from, to]) => ({ start: from + 1, end: to }));
  }

  /**
   * Places one chunk. Throws `MsrpError('MESSAGE_TOO_LARGE')` when the message would exceed
   * `maxSize` (the receiver answers 413).
   */
  write(range: ByteRange | undefined, body: Uint8Array, continuation: Continuation): void {
    const start = (range?.start ?? 1) - 1;
    const end = start + body.length;
    if (range && range.total !== '*') {
      if (range.total > this.maxSize) {
        throw new MsrpError(
          'MESSAGE_TOO_LARGE',
          `message ${this.messageId} announces ${range.total} bytes, more than ${this.maxSize}`,
        );
      }
      this.#announced = range.total;
    }
    if (end > this.maxSize) {
      throw new MsrpError(
        'MESSAGE_TOO_LARGE',
        `message ${this.messageId} exceeds ${this.maxSize} bytes`,
      );
    }
    if (continuation === '#') {
      this.#aborted = true;
    }
    if (continuation === '$') {
      this.#length = end;
    }
    const limit = this.#length ?? Number.POSITIVE_INFINITY;
    const keepTo = Math.min(end, limit);
    if (keepTo > start) {
      this.#ensure(keepTo);
      this.#data.set(body.subarray(0, keepTo - start), start);
      this.#received.add(start, keepTo);
    }
  }

  /** The message body (valid once `complete`). */
  bytes(): Uint8Array {
    const length = this.#length ?? this.#received.contiguousPrefix;
    return this.#data.subarray(0, length);
  }

  #ensure(size: number): void {
    if (size <= this.#data.length) {
      return;
    }
    // Grow by doubling, up to the announced total; a hostile announced total alone never makes
    // the buffer allocate (the data has to arrive first).
    let capacity = Math.max(size, 2 * this.#data.length, 1024);
    if (this.#announced !== '*' && this.#announced >= size) {
      capacity = Math.min(capacity, this.#announced);
    }
    capacity = Math.max(size, Math.min(capacity, this.maxSize));
    const next = new Uint8Array(capacity);
    next.set(this.#data);
    this.#data = next;
  }
}
