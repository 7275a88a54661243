/**
 * Delivery turns of loopback channels, run when a test says so: pass `schedule` as the
 * `schedule` option of createLoopbackPair (one scheduler may serve several pairs, in one order).
 */
export class ManualScheduler {
  readonly #turns: (() => void)[] = [];

  /** The `schedule` option of createLoopbackPair: queues a turn. */
  readonly schedule = (turn: () => void): void => {
    this.#turns.push(turn);
  };

  /** Turns waiting to run. */
  get pending(): number {
    return this.#turns.length;
  }

  /** Runs the oldest waiting turn; false when none waits. */
  runNext(): boolean {
    const turn = this.#turns.shift();
    if (!turn) {
      return false;
    }
    turn();
    return true;
  }

  /** Runs turns, those they schedule included, until none waits or `max` ran; returns how many ran. */
  run(max = Number.POSITIVE_INFINITY): number {
    let ran = 0;
    while (ran < max && this.runNext()) {
      ran++;
    }
    return ran;
  }
}
