import { systemClock, TypedEmitter, type Clock, type TimerHandle } from '@parley/transport';
import { T140 } from '../codec/control-codes.js';
import { T140Error } from '../errors.js';
import type { T140Outgoing } from '../sender/t140-outgoing.js';
import {
  checkInterval,
  DEFAULT_TRANSMISSION_INTERVAL_MS,
} from '../sender/transmission-scheduler.js';
import { MAX_RED_BLOCK_LENGTH, MAX_RED_TIMESTAMP_OFFSET, type RedBlock } from './red-payload.js';
import { serializeRedPayload } from './red-payload-serializer.js';
import type { RtpPacket } from './rtp-packet.js';
import { serializeRtpPacket } from './rtp-packet-serializer.js';

export interface RtpT140SenderOptions {
  readonly clock?: Clock;
  /** SSRC of the stream. Default random. */
  readonly ssrc?: number;
  /** The source's SSRC when a mixer forwards another party's text (RFC 9071: CC = 1). */
  readonly csrc?: number;
  /** Dynamic payload type of text/t140. Default 98 (as in RFC 4103 §7.2). */
  readonly t140PayloadType?: number;
  /** Dynamic payload type of text/red. Default 100. Ignored when redundancy is 0. */
  readonly redPayloadType?: number;
  /** Redundant generations (RFC 4103 §4: 2 SHOULD). 0 sends plain text/t140. Default 2. */
  readonly redundancy?: number;
  /** Transmission interval for the redundancy and idle packets. Default 300 ms. */
  readonly intervalMs?: number;
  /** First sequence number. Default random. */
  readonly initialSequenceNumber?: number;
  /** RTP timestamp at start. Default random. */
  readonly initialTimestamp?: number;
  /** Sends a BOM block after this long without packets (keep-alive). Default: none. */
  readonly keepAliveMs?: number;
}

export interface RtpT140SenderEvents {
  /** A packet to send (its wire bytes and its fields). */
  packet: { readonly bytes: Uint8Array; readonly packet: RtpPacket; readonly at: number };
}

const encoder = new TextEncoder();

function random32(): number {
  const words = new Uint32Array(1);
  globalThis.crypto.getRandomValues(words);
  return words[0] as number;
}

/**
 * T.140 over RTP (RFC 4103): each piece of text from a T.140 sender becomes the primary T140block
 * of a packet; with redundancy (text/red, RFC 2198) the last N primaries ride along, oldest first.
 * After text stops, packets with an empty primary follow every interval until the last text has
 * gone out in every generation (then the stream is idle); the M bit marks the first packet of the
 * session and the first with text after idle. `start()` sends the BOM first (RFC 9071 §3.2).
 */
export class RtpT140Sender {
  readonly #events = new TypedEmitter<RtpT140SenderEvents>();
  readonly #clock: Clock;
  readonly ssrc: number;
  readonly #csrcs: number[];
  readonly t140PayloadType: number;
  readonly redPayloadType: number;
  readonly redundancy: number;
  readonly #intervalMs: number;
  readonly #keepAliveMs: number | undefined;
  #sequence: number;
  readonly #timestampBase: number;
  readonly #startedAt: number;
  #lastTimestamp: number | undefined;
  /** The last primaries, newest last: what the next packets repeat. */
  #history: { timestamp: number; data: Uint8Array }[] = [];
  #tail = 0;
  #idle = true;
  #timer: { readonly handle: TimerHandle } | undefined;
  #keepAlive: { readonly handle: TimerHandle } | undefined;
  #closed = false;

  constructor(options: RtpT140SenderOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.ssrc = (options.ssrc ?? random32()) >>> 0;
    this.#csrcs = options.csrc === undefined ? [] : [options.csrc >>> 0];
    this.t140PayloadType = options.t140PayloadType ?? 98;
    this.redPayloadType = options.redPayloadType ?? 100;
    this.redundancy = options.redundancy ?? 2;
    if (!Number.isInteger(this.redundancy) || this.redundancy < 0 || this.redundancy > 15) {
      throw new T140Error('INVALID_OPTION', `redundancy must be 0-15, got ${this.redundancy}`);
    }
    this.#intervalMs = checkInterval(options.intervalMs ?? DEFAULT_TRANSMISSION_INTERVAL_MS);
    this.#keepAliveMs = options.keepAliveMs;
    this.#sequence = (options.initialSequenceNumber ?? random32()) & 0xffff;
    this.#timestampBase = (options.initialTimestamp ?? random32()) >>> 0;
    this.#startedAt = this.#clock.now();
  }

  readonly on = this.#events.on.bind(this.#events);
  readonly off = this.#events.off.bind(this.#events);

  /** Largest T140block one packet may carry (a RED block length has 10 bits). */
  get maxBlockBytes(): number {
    return this.redundancy > 0 ? MAX_RED_BLOCK_LENGTH : 1200;
  }

  /** Sends the BOM, the first packet of the session. */
  start(): void {
    this.send(T140.BOM);
  }

  /**
   * Takes what a T140Sender/T140Relay emits: it paces text (interval, cps); every piece becomes
   * the primary of a packet at once. Returns a function that detaches.
   */
  attach(outgoing: T140Outgoing): () => void {
    outgoing.maxMessageBytes = Math.min(outgoing.maxMessageBytes, this.maxBlockBytes);
    outgoing.setTransmitting(true);
    return outgoing.on('data', ({ text }) => {
      this.send(text);
    });
  }

  /** Sends one T140block now (text already paced by the caller). */
  send(text: string): void {
    if (this.#closed) {
      return;
    }
    if (this.#keepAlive) {
      this.#clock.clearTimeout(this.#keepAlive.handle);
      this.#keepAlive = undefined;
    }
    const data = encoder.encode(text);
    if (data.length > this.maxBlockBytes) {
      throw new T140Error(
        'BLOCK_TOO_LARGE',
        `T140block of ${data.length} bytes exceeds ${this.maxBlockBytes}`,
      );
    }
    const marker = this.#idle && data.length > 0;
    this.#emit(data, marker);
    if (data.length > 0) {
      this.#idle = false;
      this.#tail = Math.max(1, this.redundancy);
    }
    this.#scheduleTail();
  }

  /** Stops every timer; nothing more is sent. */
  close(): void {
    this.#closed = true;
    this.#cancel();
    if (this.#keepAlive) {
      this.#clock.clearTimeout(this.#keepAlive.handle);
      this.#keepAlive = undefined;
    }
  }

  #scheduleTail(): void {
    this.#cancel();
    if (this.#tail <= 0) {
      this.#idle = true;
      this.#scheduleKeepAlive();
      return;
    }
    this.#timer = {
      handle: this.#clock.setTimeout(() => {
        this.#timer = undefined;
        this.#tail--;
        this.#emit(new Uint8Array(0), false);
        this.#scheduleTail();
      }, this.#intervalMs),
    };
  }

  #scheduleKeepAlive(): void {
    if (this.#keepAliveMs === undefined || this.#closed) {
      return;
    }
    if (this.#keepAlive) {
      this.#clock.clearTimeout(this.#keepAlive.handle);
    }
    this.#keepAlive = {
      handle: this.#clock.setTimeout(() => {
        this.#keepAlive = undefined;
        this.send(T140.BOM);
      }, this.#keepAliveMs),
    };
  }

  #cancel(): void {
    if (this.#timer) {
      this.#clock.clearTimeout(this.#timer.handle);
      this.#timer = undefined;
    }
  }

  #timestamp(): number {
    let ts = (this.#timestampBase + Math.floor(this.#clock.now() - this.#startedAt)) >>> 0;
    // Consecutive packets MUST NOT share a timestamp (RFC 4103 §3.5).
    if (this.#lastTimestamp !== undefined && ((ts - this.#lastTimestamp) | 0) <= 0) {
      ts = (this.#lastTimestamp + 1) >>> 0;
    }
    this.#lastTimestamp = ts;
    return ts;
  }

  #emit(data: Uint8Array, marker: boolean): void {
    const timestamp = this.#timestamp();
    let payload: Uint8Array;
    let payloadType: number;
    if (this.redundancy === 0) {
      payload = data;
      payloadType = this.t140PayloadType;
    } else {
      const redundant: RedBlock[] = [];
      const generations = this.#history.slice(-this.redundancy);
      // Missing history (start of the session) is sent as empty blocks (RFC 9071 §3.10).
      const missing = this.redundancy - generations.length;
      for (let i = 0; i < missing; i++) {
        const age = (this.redundancy - i) * this.#intervalMs;
        redundant.push({
          payloadType: this.t140PayloadType,
          timestampOffset: Math.min(age, MAX_RED_TIMESTAMP_OFFSET),
          data: new Uint8Array(0),
        });
      }
      for (const block of generations) {
        redundant.push({
          payloadType: this.t140PayloadType,
          timestampOffset: (timestamp - block.timestamp) >>> 0,
          data: block.data,
        });
      }
      // Generations older than the 14-bit offset allows MUST NOT be sent (RFC 4103 §4.1); they
      // are the oldest, and receivers count the missing ones as empty blocks.
      while (
        redundant.length > 0 &&
        (redundant[0]?.timestampOffset ?? 0) > MAX_RED_TIMESTAMP_OFFSET
      ) {
        redundant.shift();
      }
      payload = serializeRedPayload({
        redundant,
        primary: { payloadType: this.t140PayloadType, data },
      });
      payloadType = this.redPayloadType;
    }
    this.#history.push({ timestamp, data });
    if (this.#history.length > this.redundancy) {
      this.#history.shift();
    }
    const packet: RtpPacket = {
      marker,
      payloadType,
      sequenceNumber: this.#sequence,
      timestamp,
      ssrc: this.ssrc,
      csrcs: this.#csrcs,
      payload,
    };
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#events.emit('packet', {
      bytes: serializeRtpPacket(packet),
      packet,
      at: this.#clock.now(),
    });
  }
}
