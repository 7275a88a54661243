import type { Clock, TimerHandle } from '@parley/transport';
import { T140Error } from '../errors.js';

/** T.140 maximum buffering time (RFC 4103 §5.1, RFC 8865 §5.3). */
export const MAX_TRANSMISSION_INTERVAL_MS = 500;
/** The recommended transmission interval. */
export const DEFAULT_TRANSMISSION_INTERVAL_MS = 300;
/** The cps a peer can receive when its SDP says nothing (RFC 4103 §6, RFC 8865 §4.2.1). */
export const DEFAULT_CPS = 30;
/** cps is a mean over any 10-second interval. */
const CPS_WINDOW_MS = 10_000;

export interface TransmissionOptions {
  /** Time source for the interval. */
  readonly clock: Clock;
  /** Milliseconds text is held before it is sent; 1-500. Default 300. */
  readonly intervalMs?: number;
  /** The peer's `cps` (characters per second it can receive). Default 30. */
  readonly cps?: number;
  /**
   * Send text at once when it arrives after an idle period (RFC 4103 §5.1 RECOMMENDED for RTP),
   * instead of holding it one interval. Default false: everything waits for the interval.
   */
  readonly immediateAfterIdle?: boolean;
}

export function checkInterval(intervalMs: number): number {
  if (!(intervalMs >= 1 && intervalMs <= MAX_TRANSMISSION_INTERVAL_MS)) {
    throw new T140Error(
      'INVALID_OPTION',
      `transmission interval must be 1-${MAX_TRANSMISSION_INTERVAL_MS} ms (T.140 maximum), got ${intervalMs}`,
    );
  }
  return intervalMs;
}

export function checkCps(cps: number): number {
  if (!(Number.isInteger(cps) && cps >= 1)) {
    throw new T140Error('INVALID_OPTION', `cps must be a whole number >= 1, got ${cps}`);
  }
  return cps;
}

/**
 * When text may go out, and how much: a timer that fires one interval after text is waiting (and
 * every interval while text keeps waiting), and a character budget that keeps the peer's `cps`
 * both as a mean over any 10 s (the RFC definition) and smoothly (a token bucket refilled at cps
 * per second, holding one interval's worth), so a paste is queued, never dropped.
 */
export class TransmissionScheduler {
  readonly #clock: Clock;
  #intervalMs: number;
  #cps: number;
  readonly #immediateAfterIdle: boolean;
  #timer: { readonly handle: TimerHandle } | undefined;
  #tokens: number;
  #refilledAt: number;
  #lastSendAt = Number.NEGATIVE_INFINITY;
  readonly #sent: { at: number; count: number }[] = [];
  #enabled = true;
  #stopped = false;

  constructor(
    options: TransmissionOptions,
    private readonly tick: () => void,
  ) {
    this.#clock = options.clock;
    this.#intervalMs = checkInterval(options.intervalMs ?? DEFAULT_TRANSMISSION_INTERVAL_MS);
    this.#cps = checkCps(options.cps ?? DEFAULT_CPS);
    this.#immediateAfterIdle = options.immediateAfterIdle ?? false;
    this.#tokens = this.#capacity();
    this.#refilledAt = this.#clock.now();
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  get cps(): number {
    return this.#cps;
  }

  /** True while a transmission is scheduled. */
  get scheduled(): boolean {
    return this.#timer !== undefined;
  }

  setCps(cps: number): void {
    this.#cps = checkCps(cps);
    this.#tokens = Math.min(this.#tokens, this.#capacity());
  }

  setInterval(intervalMs: number): void {
    this.#intervalMs = checkInterval(intervalMs);
  }

  /** Pauses or resumes transmission (channel not open, direction forbids sending). */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    if (!enabled) {
      this.#cancel();
    }
  }

  get enabled(): boolean {
    return this.#enabled && !this.#stopped;
  }

  /** Something is waiting: transmit it after the interval (or now, after idle, when configured). */
  wake(): void {
    if (!this.enabled || this.#timer !== undefined) {
      return;
    }
    const now = this.#clock.now();
    const idle = now - this.#lastSendAt >= this.#intervalMs;
    const delay = this.#immediateAfterIdle && idle ? 0 : this.#intervalMs;
    this.#timer = {
      handle: this.#clock.setTimeout(() => {
        this.#timer = undefined;
        this.tick();
      }, delay),
    };
  }

  /** Characters that may be sent now (may be 0). */
  budget(): number {
    const now = this.#clock.now();
    this.#tokens = Math.min(
      this.#capacity(),
      this.#tokens + ((now - this.#refilledAt) * this.#cps) / 1000,
    );
    this.#refilledAt = now;
    while (this.#sent.length > 0 && (this.#sent[0]?.at ?? now) <= now - CPS_WINDOW_MS) {
      this.#sent.shift();
    }
    const inWindow = this.#sent.reduce((sum, s) => sum + s.count, 0);
    const windowLeft = (this.#cps * CPS_WINDOW_MS) / 1000 - inWindow;
    return Math.max(0, Math.floor(Math.min(this.#tokens, windowLeft)));
  }

  /** Records characters sent now. */
  spend(count: number): void {
    if (count <= 0) {
      return;
    }
    const now = this.#clock.now();
    this.#tokens -= count;
    this.#lastSendAt = now;
    this.#sent.push({ at: now, count });
  }

  /** Stops for good: no more ticks. */
  stop(): void {
    this.#stopped = true;
    this.#cancel();
  }

  #cancel(): void {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer.handle);
      this.#timer = undefined;
    }
  }

  #capacity(): number {
    return Math.max(1, (this.#cps * this.#intervalMs) / 1000);
  }
}
