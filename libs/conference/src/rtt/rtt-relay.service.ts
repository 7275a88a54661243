import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  applyChange,
  SingleStreamMixer,
  T140Channel,
  T140Display,
  T140Receiver,
  T140Relay,
  type T140Change,
} from '@parley/t140';
import { systemClock, type DataChannelDescription, type MessageChannel } from '@parley/transport';
import { ChannelRouter } from '../channels/channel-router.service.js';
import {
  refuseUnlessReliableOrdered,
  type ChannelOwner,
  type NegotiationDecision,
  type ProtocolHandler,
} from '../channels/protocol-handler.js';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';
import { PeerSessions } from '../peers/peer-sessions.service.js';
import type { Participant } from '../rooms/participant.js';
import { RoomRegistry } from '../rooms/room-registry.service.js';
import { RateLimiters } from '../limits/rate-limiter.js';
import { TranscriptRecorder } from './transcript-recorder.service.js';

/** The rate counts what a reader sees as one character: a grapheme cluster (never split). */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The label of the channel that carries one remote participant's text (docs/conference.md). */
export function rttSourceLabel(participantId: string): string {
  return `rtt:${participantId}`;
}

interface Source {
  readonly participant: Participant;
  /** The participant's own t140 channel: its typing comes in here; mixed text goes out here. */
  readonly channel: T140Channel<T140Relay>;
  /** Set while changes wait for a finished line to be stored before they are relayed. */
  forwarding?: Promise<void> | undefined;
  /** True while text is being dropped for going over the rate (one U+FFFD marks each stretch). */
  dropping: boolean;
  /** The typist's text as relayed (after the rate check): its current line goes to late viewers. */
  readonly accepted: T140Display;
}

/**
 * Real-time text relay. Each participant types into its own `t140` channel; the server hands every
 * change to the others with its source identified — one server-opened channel per remote source
 * (`rtt:<participantId>`), or one RFC 9071 mixed stream on the participant's own channel — and
 * to the transcript.
 */
@Injectable()
export class RttRelay implements ProtocolHandler, OnModuleInit {
  readonly protocol = 't140';
  readonly #logger = new Logger('RttRelay');
  /** Typists by participant id. */
  readonly #sources = new Map<string, Source>();
  /** Per viewer: the channel carrying each source's text to it. */
  readonly #perSource = new Map<string, Map<string, T140Channel<T140Relay>>>();
  /** Viewers that take one mixed stream (only their own room's sources go in). */
  readonly #mixers = new Map<
    string,
    { readonly room: string; readonly mixer: SingleStreamMixer }
  >();
  /** Each typist's inbound rate, kept across its t140 channels (a new channel is no new burst). */
  readonly #rates: RateLimiters;

  constructor(
    private readonly router: ChannelRouter,
    private readonly rooms: RoomRegistry,
    private readonly peers: PeerSessions,
    private readonly transcript: TranscriptRecorder,
    @Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions,
  ) {
    this.#rates = new RateLimiters(options.rtt.inboundCps, options.rtt.inboundBurst, systemClock);
  }

  onModuleInit(): void {
    this.router.register(this);
    this.peers.onConnected((viewer) => {
      this.#perSource.get(viewer.participantId)?.clear(); // a new connection: its channels are new
      for (const source of this.#sources.values()) {
        this.#openPerSource(viewer, source);
      }
    });
    this.rooms.on('room-empty', (room) => {
      void this.transcript.forget(room, () => this.rooms.participants(room).length === 0);
    });
    this.rooms.on('participant-left', (participant) => {
      this.#dropSource(participant.participantId);
      for (const channel of this.#perSource.get(participant.participantId)?.values() ?? []) {
        channel.close();
      }
      this.#perSource.delete(participant.participantId);
      this.#mixers.get(participant.participantId)?.mixer.close();
      this.#mixers.delete(participant.participantId);
      this.#rates.delete(participant.participantId);
    });
  }

  describe(participant: Participant): Record<string, unknown> {
    return { cps: this.options.rtt.cps, mode: participant.preferences.rtt };
  }

  refuseProperties(properties: MessageChannel['properties']): string | undefined {
    return refuseUnlessReliableOrdered('t140', properties);
  }

  /** RFC 8865 §4.2: answer with the cps the server accepts. */
  negotiate(_offered: DataChannelDescription): NegotiationDecision {
    return { accept: true, attributes: [`fmtp:t140 cps=${String(this.options.rtt.cps)}`] };
  }

  attach(channel: MessageChannel, owner: ChannelOwner): void {
    const participant = this.rooms.find(owner.identity.room, owner.participantId);
    if (!participant) {
      channel.close();
      return;
    }
    const receiver = new T140Receiver({ clock: systemClock, source: participant.participantId });
    const t140 = new T140Channel(channel, {
      sender: new T140Relay({ clock: systemClock, cps: 1000 }),
      receiver,
      resumed: this.#sources.has(participant.participantId),
    });
    this.#dropSource(participant.participantId);
    const source: Source = {
      participant,
      channel: t140,
      dropping: false,
      accepted: new T140Display({ maxLines: 1 }),
    };
    this.#sources.set(participant.participantId, source);
    receiver.on('change', (change) => {
      this.#onChange(source, change);
    });
    t140.on('close', () => {
      if (this.#sources.get(participant.participantId) === source) {
        this.#sources.delete(participant.participantId);
      }
    });
    // Others see this typist from now on; a WebSocket client (one channel) always takes the mixed stream.
    for (const viewer of this.rooms.participants(participant.room)) {
      if (viewer !== participant) {
        this.#openPerSource(viewer, source);
        this.#mixers
          .get(viewer.participantId)
          ?.mixer.addSource(participant.participantId, participant.identity.displayName);
      }
    }
    if (owner.transport === 'websocket' || participant.preferences.rtt === 'mixed') {
      this.#startMixer(source);
    }
  }

  /**
   * A change goes to the transcript, then to the others. A finished line is relayed only once it is
   * stored (a line someone saw is never lost); the source's later changes wait behind it, in order.
   */
  #onChange(source: Source, received: T140Change): void {
    const change = this.#withinRate(source, received);
    if (!change) {
      return;
    }
    applyChange(source.accepted, change);
    const { participant } = source;
    const stored = this.transcript.record(
      participant.room,
      participant.identity.identity,
      participant.identity.displayName,
      change,
      Date.now(),
    );
    if (change.kind === 'newline' || source.forwarding !== undefined) {
      const forwarding = (source.forwarding ?? Promise.resolve())
        .then(() => stored)
        .then(() => {
          if (source.forwarding === forwarding) {
            source.forwarding = undefined;
          }
          this.#forward(source, change);
        });
      source.forwarding = forwarding;
      return;
    }
    this.#forward(source, change);
  }

  /**
   * Bounds what one typist can make the server relay and store. Within the rate a change passes
   * as it is; beyond it the text is dropped, and the others (and the transcript) see one missing-
   * text marker U+FFFD per dropped stretch, as for text lost on the way (RFC 4103 §5.3).
   */
  #withinRate(source: Source, change: T140Change): T140Change | undefined {
    const rate = this.#rates.for(source.participant.participantId);
    const marker = (): T140Change | undefined => {
      if (source.dropping) {
        return undefined;
      }
      source.dropping = true;
      this.#logger.warn(
        `${source.participant.identity.identity} types faster than ${String(this.options.rtt.inboundCps)} characters a second: dropping text`,
      );
      return {
        kind: 'append',
        text: '\uFFFD',
        missing: true,
        source: change.source,
        at: change.at,
      };
    };
    if (change.kind !== 'append') {
      if (rate.take()) {
        source.dropping = false;
        return change;
      }
      return marker();
    }
    // A cluster costs one token per 8 UTF-16 units (at least one): one "character" made of
    // thousands of combining marks is not one character's worth of relaying and storing.
    const clusters = Array.from(graphemes.segment(change.text), (s) => s.segment);
    let taken = 0;
    while (
      taken < clusters.length &&
      rate.take(Math.max(1, Math.ceil((clusters[taken] as string).length / 8)))
    ) {
      taken++;
    }
    if (taken === clusters.length) {
      source.dropping = false;
      return change;
    }
    const kept = clusters.slice(0, taken).join('');
    const mark = marker();
    const text = kept + (mark ? '\uFFFD' : '');
    return text === '' ? undefined : { ...change, text };
  }

  #forward(source: Source, change: T140Change): void {
    const { participant } = source;
    for (const [viewerId, channels] of this.#perSource) {
      const relay = channels.get(participant.participantId);
      if (relay && viewerId !== participant.participantId) {
        relay.sender.applyChange(change);
      }
    }
    for (const [viewerId, { room, mixer }] of this.#mixers) {
      if (viewerId !== participant.participantId && room === participant.room) {
        mixer.push(change);
      }
    }
  }

  /** Opens, towards `viewer`, the channel that carries `source`'s text (per-source mode only). */
  #openPerSource(viewer: Participant, source: Source): void {
    if (
      viewer === source.participant ||
      viewer.room !== source.participant.room ||
      viewer.preferences.rtt !== 'per-source'
    ) {
      return;
    }
    let channels = this.#perSource.get(viewer.participantId);
    if (!channels) {
      channels = new Map();
      this.#perSource.set(viewer.participantId, channels);
    }
    if (channels.has(source.participant.participantId)) {
      return;
    }
    const opened = this.peers.openChannel(
      viewer,
      rttSourceLabel(source.participant.participantId),
      't140',
    );
    if (!opened) {
      return; // no WebRTC connection yet: done when it comes up
    }
    const relay = new T140Relay({ clock: systemClock, cps: 1000 });
    const t140 = new T140Channel(opened, { sender: relay });
    channels.set(source.participant.participantId, t140);
    // A viewer arriving mid-line sees the line so far (as the others saw it, after the rate check).
    const current = source.accepted.currentLine.text;
    if (current !== '') {
      relay.write(current);
    }
    t140.on('close', () => {
      if (
        this.#perSource.get(viewer.participantId)?.get(source.participant.participantId) === t140
      ) {
        this.#perSource.get(viewer.participantId)?.delete(source.participant.participantId);
      }
    });
  }

  /** The RFC 9071 presentation of everyone else's text, on the viewer's own channel. */
  #startMixer(viewer: Source): void {
    this.#mixers.get(viewer.participant.participantId)?.mixer.close();
    const mixer = new SingleStreamMixer({ clock: systemClock });
    mixer.on('data', ({ text }) => {
      viewer.channel.sender.write(text);
    });
    for (const source of this.#sources.values()) {
      if (source !== viewer && source.participant.room === viewer.participant.room) {
        const { participantId } = source.participant;
        mixer.addSource(participantId, source.participant.identity.displayName);
        // As with a per-source channel, a viewer arriving mid-line sees the line so far.
        const current = source.accepted.currentLine.text;
        if (current !== '') {
          mixer.push({ kind: 'append', text: current, source: participantId, at: Date.now() });
        }
      }
    }
    this.#mixers.set(viewer.participant.participantId, { room: viewer.participant.room, mixer });
  }

  #dropSource(participantId: string): void {
    const previous = this.#sources.get(participantId);
    if (!previous) {
      return;
    }
    this.#sources.delete(participantId);
    for (const channels of this.#perSource.values()) {
      channels.get(participantId)?.close();
      channels.delete(participantId);
    }
    for (const { mixer } of this.#mixers.values()) {
      mixer.removeSource(participantId);
    }
    this.#logger.debug(`typist ${participantId} gone`);
  }
}
