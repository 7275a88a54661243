import type { ParticipantIdentity } from '../auth/participant-identity.js';
import type { ParticipantSummary, ServerMessage } from '../signaling/signaling.protocol.js';

/** A participant's current signaling socket. */
export interface SignalSender {
  send(message: ServerMessage): void;
  /** Closes the socket with a WebSocket close code. */
  close(code: number, reason: string): void;
}

/** Something a participant owns that must end with it (its peer connection, its fallback sockets). */
export interface ParticipantResource {
  close(): void;
}

/** What a participant asked for when it joined. */
export interface ParticipantPreferences {
  /** Other participants' real-time text: a channel per source, or one RFC 9071 mixed stream. */
  readonly rtt: 'per-source' | 'mixed';
}

/** A participant of a room: one identity, whatever sockets and channels it currently uses. */
export class Participant {
  #identity: ParticipantIdentity;
  #signal: SignalSender | undefined;
  readonly #resources = new Set<ParticipantResource>();
  /** Timer of the reconnection grace period, while the signaling socket is gone. */
  graceTimer: unknown;
  /** What services publish about the participant in its summary (e.g. `bfcpUserId`, `nickname`). */
  readonly published = new Map<string, string | number>();

  constructor(
    readonly participantId: string,
    identity: ParticipantIdentity,
    public preferences: ParticipantPreferences = { rtt: 'per-source' },
  ) {
    this.#identity = identity;
  }

  get identity(): ParticipantIdentity {
    return this.#identity;
  }

  get room(): string {
    return this.#identity.room;
  }

  /** The attached signaling socket's sender. */
  get currentSignal(): SignalSender | undefined {
    return this.#signal;
  }

  /** True while a signaling socket is attached. */
  get connected(): boolean {
    return this.#signal !== undefined;
  }

  /** Attaches a (new) signaling socket, with the identity of the token it authenticated with. */
  attach(identity: ParticipantIdentity, signal: SignalSender): void {
    this.#identity = identity;
    this.#signal = signal;
  }

  detach(signal: SignalSender): void {
    if (this.#signal === signal) {
      this.#signal = undefined;
    }
  }

  /** Sends on the current signaling socket, if any (messages while disconnected are dropped). */
  signal(message: ServerMessage): void {
    this.#signal?.send(message);
  }

  own(resource: ParticipantResource): () => void {
    this.#resources.add(resource);
    return () => {
      this.#resources.delete(resource);
    };
  }

  /** Closes everything the participant owns. */
  closeResources(): void {
    for (const resource of [...this.#resources]) {
      this.#resources.delete(resource);
      resource.close();
    }
  }

  summary(): ParticipantSummary {
    return {
      participantId: this.participantId,
      identity: this.#identity.identity,
      displayName: this.#identity.displayName,
      roles: this.#identity.roles,
      connected: this.connected,
      ...Object.fromEntries(this.published),
    };
  }
}
