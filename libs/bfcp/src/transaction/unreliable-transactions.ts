import { TypedEmitter, type Clock, type TimerHandle } from '@parley/transport';
import { BfcpError } from '../errors.js';
import type { BfcpMessage } from '../message/message.js';
import { decodeMessage, type DecodeOptions } from '../message/message-decoder.js';
import { encodeMessage } from '../message/message-encoder.js';
import { fragmentMessage } from './fragmenter.js';
import { Reassembler } from './reassembler.js';
import { RtoEstimator, t2For } from './rto-estimator.js';

export interface UnreliableTransactionOptions {
  /** Largest datagram sent; bigger messages are fragmented (RFC 8855 §6.2.3). Default 1200. */
  readonly maxDatagramSize?: number;
  /** Initial T1 in ms. Default 500 (RFC 8855 §8.3.3). */
  readonly initialT1Ms?: number;
  /** Retransmissions before a transaction fails. Default 3 (RFC 8855 §8.3.1). */
  readonly maxRetransmissions?: number;
  readonly decode?: DecodeOptions;
}

export interface UnreliableTransactionEvents {
  /** A transaction got no valid response: RFC 8855 §8.3.1 says the BFCP connection is broken. */
  broken: BfcpError;
}

/** What `receive` made of a datagram. */
export type ReceiveResult =
  /** A new request (R = 0) for the application to answer (or an acknowledgement it must not). */
  | { readonly kind: 'request'; readonly message: BfcpMessage }
  /** The response to our outstanding request; its promise is settled. */
  | { readonly kind: 'response'; readonly message: BfcpMessage }
  /** Nothing to do: a fragment, a retransmitted request answered from the cache, a stale response. */
  | { readonly kind: 'none' };

interface Outstanding {
  readonly message: BfcpMessage;
  readonly datagrams: Uint8Array[];
  readonly supersededBy: (incoming: BfcpMessage) => boolean;
  readonly resolve: (response: BfcpMessage) => void;
  readonly reject: (error: Error) => void;
  sentAt: number;
  retransmissions: number;
  interval: number;
  timer?: TimerHandle;
}

interface Queued {
  readonly message: BfcpMessage;
  readonly coalesceKey: string | undefined;
  readonly supersededBy: (incoming: BfcpMessage) => boolean;
  readonly resolve: (response: BfcpMessage) => void;
  readonly reject: (error: Error) => void;
}

interface Cached {
  /** undefined while the application has not answered yet (a retransmission is then ignored). */
  datagrams: Uint8Array[] | undefined;
  readonly timer: TimerHandle;
}

const key = (m: { conferenceId: number; transactionId: number; userId: number }) =>
  `${m.conferenceId}/${m.transactionId}/${m.userId}`;

/**
 * The unreliable-transport procedures of RFC 8855 (§6.2, §8) for one BFCP connection, whatever the
 * datagram carrier (UDP, DTLS, a partially reliable data channel): one outstanding request per
 * direction with T1 retransmission (RTO per RFC 6298, doubling, 3 retransmissions), responses cached
 * for T2 and replayed to retransmitted requests, fragmentation and reassembly, and supersession of
 * an awaited response by a server-initiated request. Datagrams go out through `send`; every timer
 * runs on the injected clock.
 */
export class UnreliableTransactions {
  readonly events = new TypedEmitter<UnreliableTransactionEvents>();
  readonly rto: RtoEstimator;
  readonly #reassembler: Reassembler;
  readonly #maxDatagramSize: number;
  readonly #maxRetransmissions: number;
  readonly #decode: DecodeOptions;
  readonly #queue: Queued[] = [];
  readonly #cache = new Map<string, Cached>();
  #outstanding: Outstanding | undefined;
  #closed = false;

  constructor(
    private readonly send: (datagram: Uint8Array) => void,
    private readonly clock: Clock,
    options: UnreliableTransactionOptions = {},
  ) {
    this.rto = new RtoEstimator(options.initialT1Ms ?? 500);
    this.#maxDatagramSize = options.maxDatagramSize ?? 1200;
    this.#maxRetransmissions = options.maxRetransmissions ?? 3;
    this.#decode = options.decode ?? {};
    this.#reassembler = new Reassembler(clock, {
      timeoutMs: t2For(this.rto.rto),
      maxMessageSize: options.decode?.maxMessageSize,
    });
  }

  /** True while a request of ours waits for its response. */
  get busy(): boolean {
    return this.#outstanding !== undefined;
  }

  /** Requests waiting for the outstanding one to finish. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Sends a request (R = 0) once no other request of ours is outstanding, retransmits it on T1 and
   * resolves with the response (R = 1, same Conference ID, Transaction ID and User ID) - or with an
   * incoming request for which `supersededBy` says true (RFC 8855 §6.2). A request with a
   * `coalesceKey` replaces a queued, not yet sent, request with the same key (which then resolves
   * with the replacement): a slow peer gets the latest state, not a backlog. Rejects with
   * TRANSACTION_TIMEOUT after the last retransmission, CONNECTION_CLOSED on close.
   */
  request(
    message: BfcpMessage,
    supersededBy: (incoming: BfcpMessage) => boolean = () => false,
    options: { coalesceKey?: string | undefined } = {},
  ): Promise<BfcpMessage> {
    if (this.#closed) {
      return Promise.reject(new BfcpError('CONNECTION_CLOSED', 'the BFCP connection is closed'));
    }
    const { coalesceKey } = options;
    return new Promise<BfcpMessage>((resolve, reject) => {
      if (coalesceKey !== undefined) {
        // A newer state of the same thing replaces a queued, not yet sent, older one.
        const index = this.#queue.findIndex((q) => q.coalesceKey === coalesceKey);
        const stale = this.#queue[index];
        if (stale) {
          this.#queue.splice(index, 1);
          stale.resolve(message);
        }
      }
      this.#queue.push({
        message: { ...message, responder: false },
        coalesceKey,
        supersededBy,
        resolve,
        reject,
      });
      this.#startNext();
    });
  }

  /** Sends the response to `request` (R = 1) and caches it for T2 to answer retransmissions. */
  respond(request: BfcpMessage, response: BfcpMessage): void {
    if (this.#closed) {
      return;
    }
    const datagrams = fragmentMessage(
      encodeMessage({ ...response, responder: true }),
      this.#maxDatagramSize,
    );
    const k = key(request);
    const cached = this.#cache.get(k);
    if (cached) {
      cached.datagrams = datagrams;
    } else {
      this.#remember(k, datagrams);
    }
    datagrams.forEach((d) => {
      this.send(d);
    });
  }

  /**
   * Takes one datagram. Throws BfcpParseError for malformed input (the caller may answer with an
   * Error message); returns what it was otherwise.
   */
  receive(datagram: Uint8Array): ReceiveResult {
    if (this.#closed) {
      return { kind: 'none' };
    }
    const whole = this.#reassembler.push(datagram);
    if (whole === undefined) {
      return { kind: 'none' };
    }
    const message = decodeMessage(whole, this.#decode);
    if (message.responder) {
      const out = this.#outstanding;
      if (out && key(out.message) === key(message)) {
        this.#finish(out);
        if (out.retransmissions === 0) {
          this.rto.sample(this.clock.now() - out.sentAt);
        }
        out.resolve(message);
        return { kind: 'response', message };
      }
      return { kind: 'none' };
    }
    const k = key(message);
    const cached = this.#cache.get(k);
    if (cached) {
      cached.datagrams?.forEach((d) => {
        this.send(d);
      });
      return { kind: 'none' };
    }
    this.#remember(k, undefined);
    const out = this.#outstanding;
    if (out?.supersededBy(message)) {
      this.#finish(out);
      out.resolve(message);
    }
    return { kind: 'request', message };
  }

  /** Stops every timer and fails what is outstanding or queued with CONNECTION_CLOSED. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    const error = new BfcpError('CONNECTION_CLOSED', 'the BFCP connection closed');
    const out = this.#outstanding;
    if (out) {
      this.#finish(out);
      out.reject(error);
    }
    for (const q of this.#queue.splice(0)) {
      q.reject(error);
    }
    for (const cached of this.#cache.values()) {
      this.clock.clearTimeout(cached.timer);
    }
    this.#cache.clear();
    this.#reassembler.clear();
  }

  #remember(k: string, datagrams: Uint8Array[] | undefined): void {
    const timer = this.clock.setTimeout(() => {
      this.#cache.delete(k);
    }, t2For(this.rto.rto));
    this.#cache.set(k, { datagrams, timer });
  }

  #startNext(): void {
    if (this.#outstanding || this.#closed) {
      return;
    }
    const next = this.#queue.shift();
    if (!next) {
      return;
    }
    let datagrams: Uint8Array[];
    try {
      datagrams = fragmentMessage(encodeMessage(next.message), this.#maxDatagramSize);
    } catch (error) {
      next.reject(error instanceof Error ? error : new Error(String(error)));
      this.#startNext();
      return;
    }
    const out: Outstanding = {
      ...next,
      datagrams,
      sentAt: this.clock.now(),
      retransmissions: 0,
      interval: this.rto.rto,
    };
    this.#outstanding = out;
    this.#transmit(out);
  }

  #transmit(out: Outstanding): void {
    out.datagrams.forEach((d) => {
      this.send(d);
    });
    out.timer = this.clock.setTimeout(() => {
      this.#onT1(out);
    }, out.interval);
  }

  #onT1(out: Outstanding): void {
    if (this.#outstanding !== out) {
      return;
    }
    if (out.retransmissions >= this.#maxRetransmissions) {
      this.#finish(out);
      const error = new BfcpError(
        'TRANSACTION_TIMEOUT',
        `no response to transaction ${out.message.transactionId} after ${out.retransmissions} retransmissions`,
      );
      out.reject(error);
      this.events.emit('broken', error);
      return;
    }
    if (out.retransmissions === 0) {
      this.rto.expiredOnInitialTransmission(); // RFC 8855 §8.3.1: for the next new request
    }
    out.retransmissions++;
    out.interval *= 2;
    this.#transmit(out);
  }

  #finish(out: Outstanding): void {
    if (out.timer !== undefined) {
      this.clock.clearTimeout(out.timer);
    }
    if (this.#outstanding === out) {
      this.#outstanding = undefined;
      this.#startNext();
    }
  }
}
