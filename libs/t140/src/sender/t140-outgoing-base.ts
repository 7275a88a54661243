import { systemClock, TypedEmitter, type Clock } from '@parley/transport';
import { splitT140Text } from '../codec/t140-split.js';
import { codePointLength } from '../codec/well-formed.js';
import type { T140Outgoing, T140OutgoingEvents } from './t140-outgoing.js';
import { TransmissionScheduler, type TransmissionOptions } from './transmission-scheduler.js';

export interface T140OutgoingOptions extends Partial<TransmissionOptions> {
  /** Largest piece (UTF-8 bytes) per `data` event. Default unlimited. */
  readonly maxMessageBytes?: number;
}

/**
 * What T140Sender and T140Relay share: the `data` events, the transmission scheduler (interval and
 * cps) and its controls, and the hand-off of one transmission. A subclass says what is `pending`
 * and builds each transmission in `transmit`, within `scheduler.budget()`.
 */
export abstract class T140OutgoingBase implements T140Outgoing {
  readonly #events = new TypedEmitter<T140OutgoingEvents>();
  protected readonly clock: Clock;
  protected readonly scheduler: TransmissionScheduler;
  maxMessageBytes: number;

  constructor(options: T140OutgoingOptions) {
    this.clock = options.clock ?? systemClock;
    this.scheduler = new TransmissionScheduler({ ...options, clock: this.clock }, () => {
      this.transmit();
    });
    this.maxMessageBytes = options.maxMessageBytes ?? Number.POSITIVE_INFINITY;
  }

  readonly on = this.#events.on.bind(this.#events);
  readonly off = this.#events.off.bind(this.#events);

  abstract get pending(): boolean;

  setCps(cps: number): void {
    this.scheduler.setCps(cps);
  }

  setTransmitting(enabled: boolean): void {
    this.scheduler.setEnabled(enabled);
    if (enabled && this.pending) {
      this.scheduler.wake();
    }
  }

  /** Sends what the cps allows now, without waiting for the interval. */
  flush(): void {
    if (this.scheduler.enabled) {
      this.transmit();
    }
  }

  close(): void {
    this.scheduler.stop();
  }

  /** One transmission: takes what `scheduler.budget()` allows, then calls `finishTransmission`. */
  protected abstract transmit(): void;

  /**
   * Spends the cps budget on `out` and emits it as `data` events of at most maxMessageBytes each,
   * then keeps the timer running while something is still pending.
   */
  protected finishTransmission(out: string, at: number): void {
    if (out !== '') {
      this.scheduler.spend(codePointLength(out));
      for (const text of splitT140Text(out, this.maxMessageBytes)) {
        this.#events.emit('data', { text, at });
      }
    }
    if (this.pending) {
      this.scheduler.wake();
    }
  }
}
