/**
 * Transaction IDs for requests: non-zero, monotonically increasing with wrap-around (RFC 8855 §8.1,
 * needed on unreliable transports to tell retransmissions apart), skipping IDs still in use.
 */
export class TransactionIdAllocator {
  #last: number;

  constructor(start = 0) {
    this.#last = start & 0xffff;
  }

  next(inUse: (id: number) => boolean = () => false): number {
    for (let i = 0; i < 0xffff; i++) {
      this.#last = this.#last === 0xffff ? 1 : this.#last + 1;
      if (!inUse(this.#last)) {
        return this.#last;
      }
    }
    throw new RangeError('every Transaction ID is in use');
  }
}
