import { Injectable } from '@nestjs/common';

/**
 * Runs the history's writes one at a time. TypeORM's sqlite driver has a single connection, and two
 * writes that each open a transaction on it at once fail ("cannot start a transaction within a
 * transaction"); every repository write goes through here, so concurrent participants never make
 * each other's messages fail. A failed write does not stop the ones after it.
 */
@Injectable()
export class SerializedWrites {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(write: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(write, write);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
