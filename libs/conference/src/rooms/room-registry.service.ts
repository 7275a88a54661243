import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { systemClock, TypedEmitter, type Clock, type Unsubscribe } from '@parley/transport';
import { randomUUID } from 'node:crypto';
import type { ParticipantIdentity } from '../auth/participant-identity.js';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';
import { SignalingCloseCode, type ServerMessage } from '../signaling/signaling.protocol.js';
import { Participant, type ParticipantPreferences, type SignalSender } from './participant.js';

export interface RoomEvents {
  /** A participant entered a room (not on a resumed connection). */
  'participant-joined': Participant;
  /** A participant left for good: explicitly, or at the end of its grace period. */
  'participant-left': Participant;
  /** A participant came back (within the grace period, or from a newer socket) with a new token. */
  'participant-resumed': Participant;
  /** The last participant left a room: services may drop what they kept for it. */
  'room-empty': string;
}

export interface JoinResult {
  readonly participant: Participant;
  /** The identity was already in the room (a reconnection within the grace period, or a second socket). */
  readonly resumed: boolean;
  /** The socket the identity used before, now replaced (the caller closes it). */
  readonly replaced: SignalSender | undefined;
}

/** Rooms and their participants, in memory. One participant per (room, identity). */
@Injectable()
export class RoomRegistry implements BeforeApplicationShutdown, OnApplicationShutdown {
  readonly #logger = new Logger('RoomRegistry');
  readonly #rooms = new Map<string, Map<string, Participant>>();
  readonly #events = new TypedEmitter<RoomEvents>();
  clock: Clock = systemClock;
  #shuttingDown = false;

  constructor(@Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions) {}

  on<K extends keyof RoomEvents>(
    event: K,
    listener: (payload: RoomEvents[K]) => void,
  ): Unsubscribe {
    return this.#events.on(event, listener as never);
  }

  join(
    identity: ParticipantIdentity,
    signal: SignalSender,
    preferences: ParticipantPreferences = { rtt: 'per-source' },
  ): JoinResult {
    let room = this.#rooms.get(identity.room);
    if (!room) {
      room = new Map();
      this.#rooms.set(identity.room, room);
    }
    const existing = room.get(identity.identity);
    if (existing) {
      if (existing.graceTimer !== undefined) {
        this.clock.clearTimeout(existing.graceTimer);
        existing.graceTimer = undefined;
      }
      const replaced = existing.currentSignal;
      existing.attach(identity, signal);
      existing.preferences = preferences;
      this.#events.emit('participant-resumed', existing);
      this.broadcast(
        identity.room,
        { type: 'participant-updated', participant: existing.summary() },
        existing,
      );
      return { participant: existing, resumed: true, replaced };
    }
    const participant = new Participant(randomUUID(), identity, preferences);
    participant.attach(identity, signal);
    room.set(identity.identity, participant);
    // Services first (they may publish on the participant, e.g. its BFCP user id), then the room.
    this.#events.emit('participant-joined', participant);
    this.broadcast(
      identity.room,
      { type: 'participant-joined', participant: participant.summary() },
      participant,
    );
    return { participant, resumed: false, replaced: undefined };
  }

  /** The signaling socket went away: keep the participant for the grace period, then remove it. */
  disconnected(participant: Participant, signal: SignalSender): void {
    if (participant.currentSignal !== signal) {
      return; // an older socket, already replaced
    }
    participant.detach(signal);
    if (!this.#isMember(participant) || this.#shuttingDown) {
      return;
    }
    this.broadcast(
      participant.room,
      { type: 'participant-updated', participant: participant.summary() },
      participant,
    );
    participant.graceTimer = this.clock.setTimeout(() => {
      participant.graceTimer = undefined;
      this.#logger.log(
        `${participant.identity.identity} did not come back to ${participant.room} within the grace period`,
      );
      this.leave(participant);
    }, this.options.signaling.reconnectGraceMs);
  }

  /** Removes a participant on a moderator's decision: its signaling socket is closed with 4011. */
  remove(participant: Participant, reason: string): void {
    participant.currentSignal?.close(SignalingCloseCode.REMOVED, reason);
    this.leave(participant);
  }

  /** Removes a participant for good and closes everything it owns. */
  leave(participant: Participant): void {
    const room = this.#rooms.get(participant.room);
    if (room?.get(participant.identity.identity) !== participant) {
      return;
    }
    if (participant.graceTimer !== undefined) {
      this.clock.clearTimeout(participant.graceTimer);
      participant.graceTimer = undefined;
    }
    room.delete(participant.identity.identity);
    if (room.size === 0) {
      this.#rooms.delete(participant.room);
    }
    participant.closeResources();
    this.broadcast(participant.room, {
      type: 'participant-left',
      participantId: participant.participantId,
    });
    this.#events.emit('participant-left', participant);
    if (!this.#rooms.has(participant.room)) {
      this.#events.emit('room-empty', participant.room);
    }
  }

  participants(room: string): Participant[] {
    return [...(this.#rooms.get(room)?.values() ?? [])];
  }

  find(room: string, participantId: string): Participant | undefined {
    return this.participants(room).find((p) => p.participantId === participantId);
  }

  rooms(): string[] {
    return [...this.#rooms.keys()];
  }

  broadcast(room: string, message: ServerMessage, except?: Participant): void {
    for (const participant of this.participants(room)) {
      if (participant !== except) {
        participant.signal(message);
      }
    }
  }

  #isMember(participant: Participant): boolean {
    return this.#rooms.get(participant.room)?.get(participant.identity.identity) === participant;
  }

  beforeApplicationShutdown(): void {
    this.#shuttingDown = true;
  }

  onApplicationShutdown(): void {
    for (const room of this.rooms()) {
      for (const participant of this.participants(room)) {
        if (participant.graceTimer !== undefined) {
          this.clock.clearTimeout(participant.graceTimer);
        }
        participant.closeResources();
      }
    }
    this.#rooms.clear();
  }
}
