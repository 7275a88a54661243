import { bfcpDataChannelLines } from '@parley/bfcp';
import { formatMsrpDataChannel, parseMsrpUri } from '@parley/msrp';
import { generateT140Attributes } from '@parley/t140';
import {
  appendToDataChannelSection,
  RtcDataChannelAdapter,
  TypedEmitter,
  type RtcDataChannelLike,
  type Unsubscribe,
} from '@parley/transport';
import { ParleyClientError } from '../errors.js';
import type { ClientPlatform, IceCandidateLike, PeerConnectionLike } from '../platform.js';
import type { SignalingConnection } from '../signaling/signaling-connection.js';
import type { JoinedMessage } from '../signaling/signaling-messages.js';
import {
  REMOTE_TEXT_LABEL_PREFIX,
  whenAllOpen,
  type ConferenceChannels,
  type ConferenceProtocol,
  type RemoteTextChannel,
} from './conference-channels.js';

type Protocol = ConferenceProtocol;

/** How the client opens its channels: DCEP (in-band), or RFC 8864 `a=dcmap` in the offer. */
export type ChannelNegotiation = 'in-band' | 'sdp';

export interface WebRtcChannelOptions {
  readonly signaling: SignalingConnection;
  readonly platform: ClientPlatform;
  readonly joined: JoinedMessage;
  readonly negotiation: ChannelNegotiation;
  /** The channels to open (the services the server offers). */
  readonly protocols: readonly ConferenceProtocol[];
  readonly msrpLocalPath: string;
  /** cps we accept (a=dcsa fmtp:t140 on a negotiated channel). */
  readonly receiveCps: number;
  readonly openTimeoutMs: number;
}

/** Odd stream ids for the offerer (the server is the DTLS client and owns the even ones). */
function streamIds(joined: JoinedMessage): Record<Protocol, number> {
  const suggested = (protocol: Protocol, fallback: number): number => {
    const id = joined.channels.find((c) => c.protocol === protocol)?.streamId;
    return id !== undefined && id % 2 === 1 ? id : fallback;
  };
  return { msrp: suggested('msrp', 1), t140: suggested('t140', 3), bfcp: suggested('bfcp', 5) };
}

function dataChannelLines(
  protocol: Protocol,
  streamId: number,
  options: WebRtcChannelOptions,
): string[] {
  switch (protocol) {
    case 'msrp':
      return formatMsrpDataChannel({
        dcmap: { streamId, label: 'msrp', subprotocol: 'msrp' },
        attributes: {
          path: [parseMsrpUri(options.msrpLocalPath)],
          acceptTypes: ['message/cpim', 'text/plain'],
          acceptWrappedTypes: ['text/plain'],
          setup: 'active',
          cema: true,
        },
      });
    case 't140':
      return generateT140Attributes({ streamId, label: 't140', cps: options.receiveCps });
    case 'bfcp':
      return bfcpDataChannelLines({
        streamId,
        label: 'bfcp',
        floorControl: ['c-only'],
        floors: [],
        versions: [1],
      });
  }
}

/** Per-source channels, kept until someone listens (the server may open them during setup). */
class RemoteTextInbox {
  readonly #events = new TypedEmitter<{ remote: RemoteTextChannel }>();
  readonly #waiting: RemoteTextChannel[] = [];

  deliver(remote: RemoteTextChannel): void {
    if (this.#events.listenerCount('remote') === 0) {
      this.#waiting.push(remote);
    } else {
      this.#events.emit('remote', remote);
    }
  }

  listen(listener: (remote: RemoteTextChannel) => void): Unsubscribe {
    const off = this.#events.on('remote', listener);
    for (const remote of this.#waiting.splice(0)) {
      listener(remote);
    }
    return off;
  }
}

/**
 * The WebRTC side of a participant: one RTCPeerConnection to the server, offered by us and answered
 * by the server over signaling (trickle ICE both ways), carrying the msrp, t140 and bfcp channels,
 * plus the per-source t140 channels the server opens.
 */
export class WebRtcChannels implements ConferenceChannels {
  readonly transport = 'webrtc' as const;
  readonly #offs: Unsubscribe[] = [];

  private constructor(
    readonly pc: PeerConnectionLike,
    private readonly remotes: RemoteTextInbox,
    readonly channels: ReadonlyMap<ConferenceProtocol, RtcDataChannelAdapter>,
    readonly msrpLocalPath: string,
  ) {}

  static async open(options: WebRtcChannelOptions): Promise<WebRtcChannels> {
    const { signaling, platform, joined } = options;
    if (!platform.createPeerConnection) {
      throw new ParleyClientError('WEBRTC_UNAVAILABLE', 'this platform has no RTCPeerConnection');
    }
    const pc = platform.createPeerConnection({ iceServers: joined.iceServers });
    const offs: Unsubscribe[] = [];
    try {
      const ids = streamIds(joined);
      const raw = new Map<Protocol, RtcDataChannelLike>();
      const lines: string[] = [];
      for (const protocol of options.protocols) {
        if (options.negotiation === 'sdp') {
          raw.set(
            protocol,
            pc.createDataChannel(protocol, { negotiated: true, id: ids[protocol], protocol }),
          );
          lines.push(...dataChannelLines(protocol, ids[protocol], options));
        } else {
          raw.set(protocol, pc.createDataChannel(protocol, { protocol }));
        }
      }

      const remotes = new RemoteTextInbox();
      pc.addEventListener('datachannel', ({ channel }) => {
        if (!channel.label.startsWith(REMOTE_TEXT_LABEL_PREFIX)) {
          channel.close();
          return;
        }
        const remote: RemoteTextChannel = {
          participantId: channel.label.slice(REMOTE_TEXT_LABEL_PREFIX.length),
          channel: new RtcDataChannelAdapter(channel, {
            maxMessageSize: pc.sctp?.maxMessageSize ?? joined.maxMessageSize,
          }),
        };
        remotes.deliver(remote);
      });

      // Trickle ICE: ours out as we gather; theirs in once the answer is applied.
      // Our candidates go out after the offer (the server has no connection before it).
      let offerSent = false;
      const gathered: (IceCandidateLike | null)[] = [];
      const sendCandidate = (candidate: IceCandidateLike | null): void => {
        if (signaling.closed) {
          return;
        }
        if (candidate && candidate.candidate !== '') {
          signaling.send({
            type: 'candidate',
            candidate: candidate.candidate,
            sdpMid: candidate.sdpMid ?? null,
            sdpMLineIndex: candidate.sdpMLineIndex ?? null,
          });
        } else if (!candidate) {
          signaling.send({ type: 'end-of-candidates' });
        }
      };
      pc.addEventListener('icecandidate', ({ candidate }) => {
        if (offerSent) {
          sendCandidate(candidate);
        } else {
          gathered.push(candidate);
        }
      });
      let remoteSet = false;
      const queued: IceCandidateLike[] = [];
      const addCandidate = (candidate: IceCandidateLike): void => {
        pc.addIceCandidate(candidate).catch(() => {
          // A candidate the stack cannot use (another address family...) is not fatal.
        });
      };
      offs.push(
        signaling.events.on('message', (message) => {
          if (message.type !== 'candidate' || message.candidate === '') {
            return;
          }
          const candidate = { candidate: message.candidate, sdpMid: message.sdpMid ?? '0' };
          if (remoteSet) {
            addCandidate(candidate);
          } else {
            queued.push(candidate);
          }
        }),
      );

      const offer = await pc.createOffer();
      await pc.setLocalDescription({ type: 'offer', sdp: offer.sdp ?? '' });
      const sdp =
        lines.length > 0 ? appendToDataChannelSection(offer.sdp ?? '', lines) : (offer.sdp ?? '');
      const answering = signaling.request({ type: 'offer', sdp }, 'answer');
      offerSent = true;
      for (const candidate of gathered.splice(0)) {
        sendCandidate(candidate);
      }
      const answer = await answering;
      if (options.negotiation === 'sdp') {
        const refused = options.protocols.filter((p) => !answer.sdp.includes(`a=dcmap:${ids[p]} `));
        if (refused.length > 0) {
          throw new ParleyClientError(
            'CONNECTION_FAILED',
            `the server's answer refused the ${refused.join(', ')} channel(s)`,
          );
        }
      }
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      remoteSet = true;
      for (const candidate of queued.splice(0)) {
        addCandidate(candidate);
      }

      const adapterOptions = { maxMessageSize: pc.sctp?.maxMessageSize ?? joined.maxMessageSize };
      const adapters = new Map<Protocol, RtcDataChannelAdapter>();
      for (const [protocol, channel] of raw) {
        adapters.set(protocol, new RtcDataChannelAdapter(channel, adapterOptions));
      }
      const channels = new WebRtcChannels(pc, remotes, adapters, options.msrpLocalPath);
      channels.#offs.push(...offs);
      await whenAllOpen(
        [...adapters.values()],
        (callback, ms) => {
          const timer = platform.clock.setTimeout(callback, ms);
          return () => {
            platform.clock.clearTimeout(timer);
          };
        },
        options.openTimeoutMs,
      ).catch((error: unknown) => {
        throw new ParleyClientError('CONNECTION_FAILED', (error as Error).message, {
          cause: error,
        });
      });
      return channels;
    } catch (error) {
      for (const off of offs) {
        off();
      }
      pc.close();
      throw error;
    }
  }

  onRemoteText(listener: (remote: RemoteTextChannel) => void): Unsubscribe {
    return this.remotes.listen(listener);
  }

  close(): void {
    for (const off of this.#offs.splice(0)) {
      off();
    }
    this.pc.close();
  }
}
