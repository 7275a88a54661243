import { Logger } from '@nestjs/common';
import {
  appendToDataChannelSection,
  dataChannelLines,
  readDataChannelSection,
  withoutDataChannelAttributes,
  type MessageChannel,
} from '@parley/transport';
import type { ChannelRouter } from '../channels/channel-router.service.js';
import type { ChannelOwner } from '../channels/protocol-handler.js';
import type { Participant } from '../rooms/participant.js';
import {
  PeerNegotiationError,
  type ServerPeer,
  type WebRtcProvider,
} from '../webrtc/webrtc-provider.js';
import type { IceServer } from '../ice/ice-servers.service.js';

/**
 * The server's side of one participant's WebRTC connection: answers offers (adding the RFC 8864
 * dcmap/dcsa lines of the channels it accepts), trickles candidates both ways, and routes every
 * channel that opens, in-band or negotiated, to its protocol's engine.
 */
export class PeerSession {
  readonly #logger = new Logger('PeerSession');
  #peer: ServerPeer | undefined;
  /** Negotiated channels by stream id, with the dcmap value that created them. */
  readonly #negotiated = new Map<number, { channel: MessageChannel; dcmap: string }>();
  #closed = false;
  /** ICE ufrag of the last applied offer: a new one means an ICE restart. */
  #remoteUfrag: string | undefined;
  /** True between the server's offer and the client's answer. */
  #awaitingAnswer = false;

  constructor(
    private readonly participant: Participant,
    private readonly provider: WebRtcProvider,
    private readonly router: ChannelRouter,
    private readonly iceServers: readonly IceServer[],
    /** Called each time a peer connection of this session reaches `connected`. */
    private readonly onConnected: () => void = () => undefined,
  ) {}

  get owner(): ChannelOwner {
    return {
      participantId: this.participant.participantId,
      identity: this.participant.identity,
      transport: 'webrtc',
    };
  }

  /**
   * Answers an offer. The first offer creates the peer connection; an offer with new ICE credentials
   * (an ICE restart) replaces it, because libdatachannel cannot restart ICE within a connection;
   * another offer renegotiates the negotiated channels. Throws PeerNegotiationError for bad SDP.
   */
  async answer(offerSdp: string): Promise<string> {
    if (this.#closed) {
      throw new PeerNegotiationError('the peer session is closed');
    }
    const section = readDataChannelSection(offerSdp);
    if (!section) {
      throw new PeerNegotiationError('the offer has no webrtc-datachannel m-section');
    }
    for (const problem of section.problems) {
      this.#logger.warn(`offer from ${this.participant.identity.identity}: ${problem}`);
    }
    this.#awaitingAnswer = false;
    if (!this.#peer || this.#iceUfrag(offerSdp) !== this.#remoteUfrag) {
      this.#replacePeer();
    }
    const peer = this.#peer as ServerPeer;
    const answer = await peer.answer(offerSdp);
    this.#remoteUfrag = this.#iceUfrag(offerSdp);

    // RFC 8864 §6: accept or refuse each offered channel; close those the offer no longer lists.
    const accepted: string[] = [];
    const listed = new Set<number>();
    for (const offered of section.channels) {
      const { dcmap } = offered;
      listed.add(dcmap.streamId);
      const decision = this.router.negotiate(offered, this.owner);
      if (!decision.accept) {
        this.#logger.warn(
          `refusing negotiated channel ${String(dcmap.streamId)} ("${dcmap.subprotocol}") of ${this.participant.identity.identity}: ${decision.reason}`,
        );
        continue;
      }
      const answerDcmap = { ...dcmap, paramOrder: undefined };
      const lines = dataChannelLines({ dcmap: answerDcmap, attributes: decision.attributes });
      accepted.push(...lines);
      const existing = this.#negotiated.get(dcmap.streamId);
      if (existing && existing.dcmap === lines[0]) {
        continue; // unchanged channel of an earlier offer
      }
      existing?.channel.close();
      const channel = peer.createDataChannel(dcmap.label, {
        protocol: dcmap.subprotocol,
        negotiated: true,
        id: dcmap.streamId,
        ordered: dcmap.ordered,
        ...(dcmap.maxRetr === undefined ? {} : { maxRetransmits: dcmap.maxRetr }),
        ...(dcmap.maxTime === undefined ? {} : { maxPacketLifeTime: dcmap.maxTime }),
      });
      this.#negotiated.set(dcmap.streamId, { channel, dcmap: lines[0] as string });
      this.router.route(channel, this.owner);
    }
    for (const [streamId, { channel }] of this.#negotiated) {
      if (!listed.has(streamId)) {
        channel.close();
        this.#negotiated.delete(streamId);
      }
    }
    // libdatachannel echoes the offer's unknown attributes, dcmap included: the answer lists only what was accepted.
    return appendToDataChannelSection(withoutDataChannelAttributes(answer), accepted);
  }

  /**
   * The server offers: a new peer connection on which it opens the channel of every protocol it
   * serves in-band (DCEP, label = subprotocol), routed like channels the client opens. The client's
   * answer comes to `acceptAnswer`.
   */
  async offer(): Promise<string> {
    if (this.#closed) {
      throw new PeerNegotiationError('the peer session is closed');
    }
    this.#replacePeer();
    const peer = this.#peer as ServerPeer;
    for (const protocol of this.router.protocols) {
      this.router.route(peer.createDataChannel(protocol, { protocol }), this.owner);
    }
    const sdp = await peer.offer();
    if (this.#peer !== peer) {
      throw new PeerNegotiationError('the connection was replaced while the offer was made');
    }
    this.#awaitingAnswer = true;
    return sdp;
  }

  /** Applies the answer to the server's offer. Throws PeerNegotiationError. */
  acceptAnswer(answerSdp: string): void {
    if (!this.#peer || !this.#awaitingAnswer) {
      throw new PeerNegotiationError('no offer was made: send request-offer first');
    }
    this.#peer.acceptAnswer(answerSdp);
    this.#awaitingAnswer = false;
    this.#remoteUfrag = this.#iceUfrag(answerSdp);
  }

  addRemoteCandidate(candidate: string, mid: string): void {
    if (!this.#peer) {
      throw new PeerNegotiationError('no offer yet: send the offer before candidates');
    }
    this.#peer.addRemoteCandidate(candidate, mid);
  }

  /** True when the peer connection is up (channels can be opened towards the participant). */
  get connected(): boolean {
    return this.#peer?.state === 'connected';
  }

  /**
   * Opens a channel towards the participant, in-band (DCEP), e.g. one per remote real-time-text
   * source. Undefined when there is no connection; it closes with the connection.
   */
  openChannel(label: string, protocol: string): MessageChannel | undefined {
    if (this.#peer?.state !== 'connected') {
      return undefined;
    }
    return this.#peer.createDataChannel(label, { protocol });
  }

  /** Forgets the current connection; the next offer starts a new one. */
  restartIce(): void {
    this.#dropPeer();
    this.#remoteUfrag = undefined;
  }

  close(): void {
    this.#closed = true;
    this.#dropPeer();
  }

  #iceUfrag(sdp: string): string | undefined {
    return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
  }

  #replacePeer(): void {
    this.#dropPeer();
    this.#remoteUfrag = undefined;
    this.#awaitingAnswer = false;
    const peer = this.provider.createPeer({
      name: `${this.participant.room}/${this.participant.identity.identity}`,
      iceServers: this.iceServers,
    });
    this.#peer = peer;
    peer.on('candidate', ({ candidate, mid }) => {
      if (this.#peer === peer) {
        this.participant.signal({ type: 'candidate', candidate, sdpMid: mid });
      }
    });
    peer.on('gathering-complete', () => {
      if (this.#peer === peer) {
        this.participant.signal({ type: 'end-of-candidates' });
      }
    });
    peer.on('data-channel', (channel) => {
      if (this.#peer === peer) {
        this.router.route(channel, this.owner);
      } else {
        channel.close();
      }
    });
    peer.on('state', (state) => {
      if (state === 'connected' && this.#peer === peer) {
        this.onConnected();
      }
      this.#logger.debug(
        `peer of ${this.participant.identity.identity} in ${this.participant.room}: ${state}`,
      );
    });
  }

  #dropPeer(): void {
    for (const { channel } of this.#negotiated.values()) {
      channel.close();
    }
    this.#negotiated.clear();
    this.#peer?.close();
    this.#peer = undefined;
  }
}
