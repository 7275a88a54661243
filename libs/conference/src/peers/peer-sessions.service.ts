import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
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

  constructor(
    @Inject(WEBRTC_PROVIDER) private readonly provider: WebRtcProvider,
    private readonly router: ChannelRouter,
    private readonly iceServers: IceServersService,
  ) {}

  answer(participant: Participant, offerSdp: string): Promise<string> {
    let session = this.#sessions.get(participant.participantId);
    if (!session) {
      const created = new PeerSession(
        participant,
        this.provider,
        this.router,
        this.iceServers.forParticipant(participant.identity.identity),
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
    return session.answer(offerSdp);
  }

  addRemoteCandidate(participant: Participant, candidate: string, mid: string): void {
    const session = this.#sessions.get(participant.participantId);
    if (!session) {
      throw new PeerNegotiationError('no offer yet: send the offer before candidates');
    }
    session.addRemoteCandidate(candidate, mid);
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
