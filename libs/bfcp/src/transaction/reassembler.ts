import type { Clock, TimerHandle } from '@parley/transport';
import { BfcpParseError } from '../errors.js';
import {
  COMMON_HEADER_SIZE,
  FRAGMENT_HEADER_SIZE,
  decodeCommonHeader,
} from '../message/common-header.js';
import { DEFAULT_MAX_MESSAGE_SIZE } from '../message/message-decoder.js';

export interface ReassemblerOptions {
  /** How long an incomplete message is kept after its first fragment (T2). Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Most messages being reassembled at once. Default 16. */
  readonly maxPending?: number;
  readonly maxMessageSize?: number;
}

interface Pending {
  readonly header: Uint8Array;
  readonly payload: Uint8Array;
  readonly filled: Uint8Array;
  received: number;
  readonly timer: TimerHandle;
}

/**
 * Buffers fragments (F flag) until the whole message is there or T2 expires (RFC 8855 §6.2.3).
 * `push` returns the complete message bytes (F cleared), `undefined` while incomplete, and passes an
 * unfragmented datagram through. Fragments that exceed the Payload Length throw INVALID_FRAGMENT
 * (a server answers Error 13); duplicates (retransmissions) are harmless.
 */
export class Reassembler {
  readonly #pending = new Map<string, Pending>();
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  readonly #maxMessageSize: number;

  constructor(
    private readonly clock: Clock,
    options: ReassemblerOptions = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxPending = options.maxPending ?? 16;
    this.#maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  /** Messages partly received. */
  get pending(): number {
    return this.#pending.size;
  }

  push(datagram: Uint8Array): Uint8Array | undefined {
    const header = decodeCommonHeader(datagram);
    if (!header?.fragment) {
      return datagram;
    }
    const { offset, length } = header.fragment;
    const body = datagram.subarray(FRAGMENT_HEADER_SIZE);
    if (body.length !== length) {
      throw new BfcpParseError(
        'INVALID_FRAGMENT',
        `Fragment Length announces ${length} octets, ${body.length} present`,
        14,
      );
    }
    if (offset + length > header.payloadLength || length === 0) {
      throw new BfcpParseError(
        'INVALID_FRAGMENT',
        `fragment ${offset}+${length} exceeds the Payload Length ${header.payloadLength}`,
        12,
      );
    }
    if (COMMON_HEADER_SIZE + header.payloadLength > this.#maxMessageSize) {
      throw new BfcpParseError(
        'LIMIT_EXCEEDED',
        `fragmented message of ${COMMON_HEADER_SIZE + header.payloadLength} octets exceeds maxMessageSize`,
        2,
      );
    }
    const key = `${(datagram[0] as number) & 0xf0}/${header.primitive}/${header.conferenceId}/${header.transactionId}/${header.userId}`;
    let entry = this.#pending.get(key);
    if (entry && entry.payload.length !== header.payloadLength) {
      throw new BfcpParseError(
        'INVALID_FRAGMENT',
        `fragment announces Payload Length ${header.payloadLength}, earlier ones ${entry.payload.length}`,
        2,
      );
    }
    if (!entry) {
      if (this.#pending.size >= this.#maxPending) {
        const oldest = this.#pending.keys().next().value;
        if (oldest !== undefined) {
          this.#drop(oldest);
        }
      }
      const headerBytes = datagram.slice(0, COMMON_HEADER_SIZE);
      headerBytes[0] = (headerBytes[0] as number) & ~0x08;
      entry = {
        header: headerBytes,
        payload: new Uint8Array(header.payloadLength),
        filled: new Uint8Array(header.payloadLength / 4),
        received: 0,
        timer: this.clock.setTimeout(() => {
          this.#pending.delete(key);
        }, this.#timeoutMs),
      };
      this.#pending.set(key, entry);
    }
    entry.payload.set(body, offset);
    for (let w = offset / 4; w < (offset + length) / 4; w++) {
      if (entry.filled[w] === 0) {
        entry.filled[w] = 1;
        entry.received++;
      }
    }
    if (entry.received < entry.filled.length) {
      return undefined;
    }
    this.#drop(key);
    const whole = new Uint8Array(COMMON_HEADER_SIZE + entry.payload.length);
    whole.set(entry.header);
    whole.set(entry.payload, COMMON_HEADER_SIZE);
    return whole;
  }

  /** Forgets every incomplete message and its timer. */
  clear(): void {
    for (const key of [...this.#pending.keys()]) {
      this.#drop(key);
    }
  }

  #drop(key: string): void {
    const entry = this.#pending.get(key);
    if (entry) {
      this.clock.clearTimeout(entry.timer);
      this.#pending.delete(key);
    }
  }
}
