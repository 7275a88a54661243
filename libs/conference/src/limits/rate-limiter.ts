import type { Clock } from '@parley/transport';

/** A token bucket: `rate` tokens per second, holding at most `burst`. */
export class RateLimiter {
  #tokens: number;
  #last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.#tokens = burst;
    this.#last = clock.now();
  }

  /** Takes `count` tokens (default one); false, taking none, when fewer are left. */
  take(count = 1): boolean {
    this.#refill();
    if (this.#tokens < count) {
      return false;
    }
    this.#tokens -= count;
    return true;
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.rate);
    this.#last = now;
  }
}

/** One token bucket per key (a participant id), made on first use, forgotten with `delete`. */
export class RateLimiters {
  readonly #buckets = new Map<string, RateLimiter>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {}

  for(key: string): RateLimiter {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new RateLimiter(this.rate, this.burst, this.clock);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  delete(key: string): void {
    this.#buckets.delete(key);
  }
}
