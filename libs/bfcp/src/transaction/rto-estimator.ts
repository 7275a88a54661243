/**
 * The retransmission timeout T1 of RFC 8855 §8.3.1: RFC 6298's smoothed round-trip time with an
 * initial RTO of 500 ms and a clock granularity G of 100 ms, never below 500 ms.
 */
export class RtoEstimator {
  #srtt: number | undefined;
  #rttvar = 0;
  #rto: number;

  constructor(
    readonly initialMs = 500,
    readonly minimumMs = 500,
    readonly granularityMs = 100,
    readonly maximumMs = 60_000,
  ) {
    this.#rto = initialMs;
  }

  /** The current T1, in milliseconds. */
  get rto(): number {
    return this.#rto;
  }

  get srtt(): number | undefined {
    return this.#srtt;
  }

  /**
   * T1 expired on the initial transmission of a new request. RFC 8855 §8.3.1: "If T1 always
   * expires on the initial transmission of a new request, this would suggest the recommended
   * initial T1 (and RTO) value is too low and SHOULD be increased by doubling the initial values
   * of T1 (and RTO) until T1 does not expire when sending a new request." So the T1 of the next new
   * request is doubled (up to `maximumMs`), again at each such expiry, until a request's initial
   * transmission is answered in time: its round trip then feeds `sample` and RFC 6298 takes over.
   * Expiries of retransmissions do not count (their doubling is per transaction).
   */
  expiredOnInitialTransmission(): void {
    this.#rto = Math.min(this.maximumMs, this.#rto * 2);
  }

  /** Feeds one round-trip time R (never one of a retransmitted request: Karn's rule). */
  sample(rttMs: number): void {
    const r = Math.max(0, rttMs);
    if (this.#srtt === undefined) {
      this.#srtt = r;
      this.#rttvar = r / 2;
    } else {
      this.#rttvar = 0.75 * this.#rttvar + 0.25 * Math.abs(this.#srtt - r);
      this.#srtt = 0.875 * this.#srtt + 0.125 * r;
    }
    const rto = this.#srtt + Math.max(this.granularityMs, 4 * this.#rttvar);
    this.#rto = Math.min(this.maximumMs, Math.max(this.minimumMs, rto));
  }
}

/** T2 = (T1 x 2^4) x 1.25 (RFC 8855 §8.3.3): how long a response is cached and fragments kept. */
export function t2For(t1Ms: number): number {
  return t1Ms * 16 * 1.25;
}
