import { systemClock, TypedEmitter, type Clock, type TimerHandle } from '@parley/transport';
import { T140Error } from '../errors.js';
import type { T140Change } from '../receiver/t140-change.js';
import {
  T140Receiver,
  type T140ControlEvent,
  type T140ReceiverOptions,
} from '../receiver/t140-receiver.js';
import { detectRedPayload } from './payload-detection.js';
import type { RedBlock, RedPayload } from './red-payload.js';
import { parseRedPayload } from './red-payload-parser.js';
import type { RtpPacket } from './rtp-packet.js';
import { parseRtpPacket } from './rtp-packet-parser.js';

export interface RtpT140ReceiverOptions {
  readonly clock?: Clock;
  /** text/t140 payload type; with redPayloadType unset too, both are detected from the packets. */
  readonly t140PayloadType?: number;
  /** text/red payload type. */
  readonly redPayloadType?: number;
  /** How long a packet after an unrecoverable gap waits for the missing ones (RFC 4103 §5.4: 1 s). */
  readonly reorderWaitMs?: number;
  /** Packets held while waiting; beyond this the oldest is released at once. Default 64. */
  readonly maxHeldPackets?: number;
  /** Options for each source's T140Receiver. */
  readonly receiverOptions?: Omit<T140ReceiverOptions, 'clock' | 'source'>;
}

/** One packet as it was taken in, in sequence order. */
export interface ReceivedRtpPacket {
  readonly packet: RtpPacket;
  readonly format: 't140' | 'red';
  /** The text's source: the CSRC when a mixer set one (RFC 9071), otherwise the SSRC; 8 hex digits. */
  readonly source: string;
  /** Redundant generations, oldest first (empty for text/t140). */
  readonly redundant: readonly RedBlock[];
  readonly primary: Uint8Array;
  /** Packets missing just before this one (0 when in sequence). */
  readonly gap: number;
  /** Redundant blocks whose text was used because their primary was lost. */
  readonly recovered: number;
}

export interface RtpT140ReceiverEvents {
  change: T140Change;
  bell: { readonly source: string; readonly at: number };
  control: T140ControlEvent;
  packet: ReceivedRtpPacket;
  /** Text was lost for good; a missing-text marker was shown for `source`. */
  loss: {
    readonly source: string;
    readonly ssrc: string;
    readonly lostPackets: number;
    readonly at: number;
  };
  /** A malformed or unexpected packet was dropped. */
  invalid: { readonly error: T140Error; readonly bytes: Uint8Array };
  /** A new source started sending. */
  source: { readonly source: string; readonly receiver: T140Receiver };
}

interface Entry {
  readonly packet: RtpPacket;
  readonly red: RedPayload | undefined;
  readonly at: number;
}

interface StreamState {
  readonly ssrc: string;
  expected: number | undefined;
  highest: number;
  readonly held: Map<number, Entry>;
  timer: { readonly handle: TimerHandle } | undefined;
  expired: boolean;
  level: number | undefined;
  lastCount: number | undefined;
  readonly sources: Set<string>;
  lossTimes: number[];
  t140Pt: number | undefined;
  redPt: number | undefined;
}

interface SourceState {
  readonly receiver: T140Receiver;
  lastTimestamp: number | undefined;
}

/** RFC 3550 A.1: a jump larger than this is a restart, not loss. */
const MAX_DROPOUT = 3000;

export const hex32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** a is later than b in 32-bit RTP timestamp arithmetic. */
function isLater(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x80000000;
}

/**
 * T.140 over RTP, received (RFC 4103, RFC 9071 §3.16): text/t140 or text/red packets in, one
 * T140Receiver (display, change events) per source out. Packets are taken in sequence order; a gap
 * that the next packet's redundancy covers is filled from it, a wider gap waits up to 1 s for late
 * packets, then the missing-text marker U+FFFD is shown once where text was really lost. Redundant
 * blocks are taken by timestamp per source, so a mixer's interleaved sources (CSRC) work too.
 * Malformed packets are dropped with an `invalid` event; nothing throws.
 */
export class RtpT140Receiver {
  readonly #events = new TypedEmitter<RtpT140ReceiverEvents>();
  readonly #clock: Clock;
  readonly #options: RtpT140ReceiverOptions;
  readonly #reorderWaitMs: number;
  readonly #maxHeld: number;
  readonly #streams = new Map<number, StreamState>();
  readonly #sources = new Map<string, SourceState>();

  constructor(options: RtpT140ReceiverOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#options = options;
    this.#reorderWaitMs = options.reorderWaitMs ?? 1000;
    this.#maxHeld = options.maxHeldPackets ?? 64;
  }

  readonly on = this.#events.on.bind(this.#events);
  readonly off = this.#events.off.bind(this.#events);

  /** Each source's receiver (display and text), by source id. */
  get sources(): ReadonlyMap<string, T140Receiver> {
    return new Map([...this.#sources].map(([id, s]) => [id, s.receiver]));
  }

  /** The receiver of one source (SSRC or CSRC as a number or 8 hex digits). */
  source(id: number | string): T140Receiver | undefined {
    return this.#sources.get(typeof id === 'number' ? hex32(id) : id)?.receiver;
  }

  /** Takes one RTP packet. Never throws: a bad packet is dropped with an `invalid` event. */
  receive(bytes: Uint8Array, at: number = this.#clock.now()): void {
    let packet: RtpPacket;
    let red: RedPayload | undefined;
    try {
      packet = parseRtpPacket(bytes);
      red = this.#classify(packet, this.#stream(packet.ssrc));
    } catch (error) {
      const e =
        error instanceof T140Error ? error : new T140Error('INVALID_RTP_PACKET', String(error));
      this.#events.emit('invalid', { error: e, bytes });
      return;
    }
    this.#accept(this.#stream(packet.ssrc), { packet, red, at });
  }

  /** Releases every held packet now (end of a capture), marking what is still missing. */
  flush(): void {
    for (const stream of this.#streams.values()) {
      stream.expired = true;
      this.#drain(stream);
      stream.expired = false;
    }
  }

  #stream(ssrc: number): StreamState {
    let stream = this.#streams.get(ssrc);
    if (!stream) {
      stream = {
        ssrc: hex32(ssrc),
        expected: undefined,
        highest: 0,
        held: new Map(),
        timer: undefined,
        expired: false,
        level: undefined,
        lastCount: undefined,
        sources: new Set(),
        lossTimes: [],
        t140Pt: this.#options.t140PayloadType,
        redPt: this.#options.redPayloadType,
      };
      this.#streams.set(ssrc, stream);
    }
    return stream;
  }

  /** text/red (parsed) or text/t140 (undefined); throws for a payload type that is neither. */
  #classify(packet: RtpPacket, stream: StreamState): RedPayload | undefined {
    const pt = packet.payloadType;
    const configured =
      this.#options.t140PayloadType !== undefined || this.#options.redPayloadType !== undefined;
    if (stream.redPt === pt) {
      const payloadOffset =
        12 + 4 * packet.csrcs.length + (packet.extension ? 4 + packet.extension.data.length : 0);
      return parseRedPayload(packet.payload, payloadOffset);
    }
    if (stream.t140Pt === pt) {
      return undefined;
    }
    if (configured) {
      throw new T140Error(
        'UNKNOWN_PAYLOAD_TYPE',
        `payload type ${pt} is neither text/t140 (${String(this.#options.t140PayloadType)}) nor text/red (${String(this.#options.redPayloadType)})`,
        1,
      );
    }
    const red = detectRedPayload(packet.payload, pt);
    if (red) {
      stream.redPt = pt;
      stream.t140Pt ??= red.primary.payloadType;
      return red;
    }
    stream.t140Pt = pt;
    return undefined;
  }

  #accept(stream: StreamState, entry: Entry): void {
    const seq = entry.packet.sequenceNumber;
    if (stream.expected === undefined) {
      stream.expected = seq;
      stream.highest = seq;
    }
    const delta = ((seq - (stream.highest & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    const ext = stream.highest + delta;
    if (Math.abs(ext - stream.expected) > MAX_DROPOUT) {
      // A restart (or an enormous loss): take what is held, mark, and follow the new numbering.
      stream.expired = true;
      this.#drain(stream);
      stream.expired = false;
      this.#lost(stream, this.#sourceOf(entry.packet), 1, entry.at);
      stream.expected = ext;
      stream.highest = ext;
      stream.level = undefined;
      stream.lastCount = undefined;
    }
    if (ext > stream.highest) {
      stream.highest = ext;
    }
    if (ext < stream.expected) {
      // Late or duplicate: only text newer than what its source already showed is taken.
      this.#process(stream, entry, 0, true);
      return;
    }
    stream.held.set(ext, entry);
    this.#drain(stream);
  }

  #drain(stream: StreamState): void {
    for (;;) {
      const expected = stream.expected ?? 0;
      const next = stream.held.get(expected);
      if (next) {
        stream.held.delete(expected);
        this.#process(stream, next, 0, false);
        stream.expected = expected + 1;
        continue;
      }
      if (stream.held.size === 0) {
        break;
      }
      const first = Math.min(...stream.held.keys());
      const entry = stream.held.get(first) as Entry;
      const gap = first - expected;
      const count = entry.red?.redundant.length ?? 0;
      const covered = Math.max(count, stream.level ?? count);
      if (gap <= covered || stream.expired || stream.held.size > this.#maxHeld) {
        stream.held.delete(first);
        this.#process(stream, entry, gap, false);
        stream.expected = first + 1;
        continue;
      }
      if (!stream.timer) {
        stream.timer = {
          handle: this.#clock.setTimeout(() => {
            stream.timer = undefined;
            stream.expired = true;
            this.#drain(stream);
            stream.expired = false;
          }, this.#reorderWaitMs),
        };
      }
      return;
    }
    if (stream.timer) {
      this.#clock.clearTimeout(stream.timer.handle);
      stream.timer = undefined;
    }
  }

  #sourceOf(packet: RtpPacket): string {
    return hex32(packet.csrcs[0] ?? packet.ssrc);
  }

  #sourceState(id: string): SourceState {
    let state = this.#sources.get(id);
    if (!state) {
      const receiver = new T140Receiver({
        ...this.#options.receiverOptions,
        clock: this.#clock,
        source: id,
      });
      receiver.on('change', (c) => {
        this.#events.emit('change', c);
      });
      receiver.on('bell', (b) => {
        this.#events.emit('bell', b);
      });
      receiver.on('control', (c) => {
        this.#events.emit('control', c);
      });
      state = { receiver, lastTimestamp: undefined };
      this.#sources.set(id, state);
      this.#events.emit('source', { source: id, receiver });
    }
    return state;
  }

  #lost(stream: StreamState, source: string, lostPackets: number, at: number): void {
    this.#sourceState(source).receiver.markLoss(at);
    this.#events.emit('loss', { source, ssrc: stream.ssrc, lostPackets, at });
  }

  #process(stream: StreamState, entry: Entry, gap: number, late: boolean): void {
    const { packet, red, at } = entry;
    const sourceId = this.#sourceOf(packet);
    const source = this.#sourceState(sourceId);
    const count = red?.redundant.length ?? 0;
    if (!late) {
      stream.sources.add(sourceId);
      if (stream.level === undefined || stream.lastCount === count) {
        stream.level = count;
      }
      stream.lastCount = count;
    }
    // Redundant generations oldest first, then the primary: each block is new text when its
    // timestamp is later than the newest text already taken from this source (RFC 9071 §3.16.3).
    const taken: Uint8Array[] = [];
    let recovered = 0;
    for (const block of red?.redundant ?? []) {
      if (block.data.length === 0) {
        continue;
      }
      const timestamp = (packet.timestamp - block.timestampOffset) >>> 0;
      if (source.lastTimestamp === undefined || isLater(timestamp, source.lastTimestamp)) {
        taken.push(block.data);
        source.lastTimestamp = timestamp;
        recovered++;
      }
    }
    const primary = red ? red.primary.data : packet.payload;
    if (
      primary.length > 0 &&
      (source.lastTimestamp === undefined || isLater(packet.timestamp, source.lastTimestamp))
    ) {
      taken.push(primary);
      source.lastTimestamp = packet.timestamp;
    }
    this.#events.emit('packet', {
      packet,
      format: red ? 'red' : 't140',
      source: sourceId,
      redundant: red?.redundant ?? [],
      primary,
      gap,
      recovered,
    });
    if (!late && gap > 0) {
      this.#gap(stream, entry, gap, sourceId);
    }
    for (const block of taken) {
      source.receiver.receive(block, at);
    }
  }

  /** Decides whether a gap lost text (RFC 4103 §5.3, RFC 9071 §3.16.2) and marks it. */
  #gap(stream: StreamState, entry: Entry, gap: number, sourceId: string): void {
    const count = entry.red?.redundant.length ?? 0;
    if (stream.sources.size <= 1) {
      // Fewer generations than the session level: the missing ones were empty blocks.
      const covered = Math.max(count, stream.level ?? count);
      const unrecovered = gap - covered;
      // Without redundancy, the one packet lost just before an M-bit packet was the empty block
      // that starts an idle period (RFC 4103 §5.3 M-bit refinement).
      const idleMarker = covered === 0 && gap === 1 && entry.packet.marker;
      if (unrecovered > 0 && !idleMarker) {
        this.#lost(stream, sourceId, unrecovered, entry.at);
      }
      return;
    }
    // Several sources on one stream: "3 or more packets lost within 1 s" marks possible loss,
    // associated with the stream (the mixer) itself.
    const now = entry.at;
    stream.lossTimes = stream.lossTimes.filter((t) => t > now - 1000);
    for (let i = 0; i < gap; i++) {
      stream.lossTimes.push(now);
    }
    if (stream.lossTimes.length >= 3) {
      stream.lossTimes = [];
      this.#lost(stream, stream.ssrc, gap, entry.at);
    }
  }
}
