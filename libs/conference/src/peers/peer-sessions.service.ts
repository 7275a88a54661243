import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TypedEmitter, type MessageChannel, type Unsubscribe } from '@parley/transport';
import { ChannelRouter } from '../channels/channel-router.service.js';
import { IceServersService } from '../ice/ice-servers.service.js';
import { WEBRTC_PROVIDER } from '../parley.tokens.js';
import type { Participant } from '../rooms/participant.js';
import { PeerNegotiationError, type WebRtcProvider } from '../webrtc/webrtc-provider.js';
import { PeerSession } from './peer-session.js';

/** Each participant's PeerSession, created by its first offer and closed when it leaves. */
@Injectable()
export class PeerSessions implements OnApplicationShutdown {
  readonly #sessions = new Map<string, PeerSession>();
  readonly #events = new TypedEmitter<{ connected: Participant }>();

  constructor(
    @Inject(WEBRTC_PROVIDER) private readonly provider: WebRtcProvider,
    private readonly router: ChannelRouter,
    private readonly iceServers: IceServersService,
  ) {}

  answer(participant: Participant, offerSdp: string): Promise<string> {
    return this.#session(participant).answer(offerSdp);
  }

  /** The server offers to the participant (a new peer connection with its channels). */
  offer(participant: Participant): Promise<string> {
    return this.#session(participant).offer();
  }

  /** Applies the participant's answer to the server's offer. Throws PeerNegotiationError. */
  acceptAnswer(participant: Participant, answerSdp: string): void {
    const session = this.#sessions.get(participant.participantId);
    if (!session) {
      throw new PeerNegotiationError('no offer was made: send request-offer first');
    }
    session.acceptAnswer(answerSdp);
  }

  #session(participant: Participant): PeerSession {
    let session = this.#sessions.get(participant.participantId);
    if (!session) {
      const created = new PeerSession(
        participant,
        this.provider,
        this.router,
        this.iceServers.forParticipant(participant.identity.identity),
        () => {
          this.#events.emit('connected', participant);
        },
      );
      session = created;
      this.#sessions.set(participant.participantId, created);
      participant.own({
        close: () => {
          created.close();
          this.#sessions.delete(participant.participantId);
        },
      });
    }
    return session;
  }

  addRemoteCandidate(participant: Participant, candidate: string, mid: string): void {
    const session = this.#sessions.get(participant.participantId);
    if (!session) {
      throw new PeerNegotiationError('no offer yet: send the offer before candidates');
    }
    session.addRemoteCandidate(candidate, mid);
  }

  /** A participant's WebRTC connection came up (first time, or again after an ICE restart). */
  onConnected(listener: (participant: Participant) => void): Unsubscribe {
    return this.#events.on('connected', listener);
  }

  isConnected(participant: Participant): boolean {
    return this.#sessions.get(participant.participantId)?.connected ?? false;
  }

  /** Opens an in-band channel towards the participant; undefined without a connection. */
  openChannel(
    participant: Participant,
    label: string,
    protocol: string,
  ): MessageChannel | undefined {
    return this.#sessions.get(participant.participantId)?.openChannel(label, protocol);
  }

  restartIce(participant: Participant): void {
    this.#sessions.get(participant.participantId)?.restartIce();
  }

  onApplicationShutdown(): void {
    for (const session of this.#sessions.values()) {
      session.close();
    }
    this.#sessions.clear();
    this.provider.shutdown();
  }
}
