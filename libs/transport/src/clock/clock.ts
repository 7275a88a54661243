/** An opaque timer handle. */
export type TimerHandle = unknown;

/**
 * Time as the protocol engines see it. Every timer in a pure library (T.140 transmission interval,
 * MSRP transaction timeout, BFCP retransmission) goes through a Clock, so tests drive time by hand.
 */
export interface Clock {
  /** Milliseconds, monotonic for the life of the clock. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and the platform timers. */
export const systemClock: Clock = {
  now: () => globalThis.performance.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
};

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order (timers set by
 * a firing callback fire too when they fall within the advanced span).
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: PendingTimer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) {
        break;
      }
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = target;
  }

  /** Advances to the next pending timer and fires it (and any due at the same instant). Returns false if none. */
  runNext(): boolean {
    const next = [...this.#timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!next) {
      return false;
    }
    this.advance(Math.max(0, next.at - this.#now));
    return true;
  }
}
