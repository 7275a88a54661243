// A benchmark participant on node-datachannel (libdatachannel's native API, bound to 127.0.0.1 for
// the host network), through the same provider and MessageChannel adapter the server uses: the
// lightest WebRTC client stack there is, so that the server, not the clients, is what is measured.
import { NodeDataChannelProvider, resolveParleyOptions, type ServerPeer } from '@parley/conference';
import { appendToDataChannelSection, type MessageChannel } from '@parley/transport';
import { randomBytes } from 'node:crypto';
import type { ServerProcess } from './server-process.js';
import { BenchSignaling, type SignalingMessage } from './signaling.js';
import { sleep, waitFor } from './stats.js';

/** Resolves when `channel` is open (at once if it is); rejects if it closes first or after `timeoutMs`. */
export function opened(channel: MessageChannel, what: string, timeoutMs = 30_000): Promise<void> {
  if (channel.state === 'open') {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what} did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    const offClose = channel.on('close', () => {
      clearTimeout(timer);
      off();
      reject(new Error(`${what} closed before opening`));
    });
    const offOpen = channel.on('open', () => {
      clearTimeout(timer);
      off();
      resolve();
    });
    const off = (): void => {
      offClose();
      offOpen();
    };
  });
}

/** One provider for every client peer of the process; `shutdownClientStack()` releases it. */
export const clientProvider = new NodeDataChannelProvider(
  resolveParleyOptions({
    auth: { jwtSecret: 'client-side-client-side-client-side' },
    webrtc: { bindAddress: '127.0.0.1' },
  }).webrtc,
);

const clientPeers = new Set<ServerPeer>();

/** A client peer connection on `clientProvider`, closed by `shutdownClientStack()` if still open. */
export function createClientPeer(name: string): ServerPeer {
  const peer = clientProvider.createPeer({ name, iceServers: [] });
  clientPeers.add(peer);
  return peer;
}

/**
 * Closes every client peer, lets their last callbacks (state, channel closes) reach JavaScript,
 * then calls node-datachannel's cleanup(): without it the process never exits, and called while
 * native threads still wait to call into JavaScript it times out ("possible deadlock").
 */
export async function shutdownClientStack(): Promise<void> {
  for (const peer of clientPeers) {
    peer.close();
  }
  try {
    await waitFor(
      () => [...clientPeers].every((p) => p.state === 'closed'),
      'the client peers to close',
      10_000,
      20,
    );
  } catch {
    // Some never report `closed`; cleanup() below still releases them.
  }
  await sleep(500);
  clientProvider.shutdown();
}

export interface Services {
  readonly msrp: { readonly path: string };
  readonly t140: { readonly cps: number };
  readonly bfcp: { readonly conferenceId: number; readonly userId: number };
}

export interface JoinTimings {
  /** authenticate + join round trips, ms. */
  readonly joinMs: number;
  /** offer sent -> answer received, ms. */
  readonly answerMs: number;
  /** offer sent -> peer connection connected (ICE + DTLS + SCTP), ms. */
  readonly connectedMs: number;
  /** offer sent -> msrp, t140 and bfcp channels all open on the client, ms. */
  readonly openMs: number;
}

export interface WebRtcJoinOptions {
  readonly identity: string;
  readonly room: string;
  /** Negotiate the channels in SDP (RFC 8864 dcmap, stream ids 1, 3, 5) instead of DCEP. */
  readonly negotiated?: boolean;
  /** Extra fields of `join` (e.g. `rtt: 'mixed'`). */
  readonly joinExtra?: Record<string, unknown>;
  /**
   * Send our ICE candidates as soon as they are gathered, before the answer is applied (what a
   * browser does). Default false: libdatachannel drops a DTLS ClientHello that arrives before its
   * remote description is set, and the server (DTLS client, `a=setup:active`) then retransmits it
   * only after 1 s; holding our candidates until the answer avoids that race.
   */
  readonly trickleEarly?: boolean;
  /** Called for each channel the server opens towards the client (per-source RTT channels). */
  readonly onRemoteChannel?: (channel: MessageChannel) => void;
}

/** A participant joined through /signaling with one peer connection and its msrp, t140, bfcp channels. */
export class WebRtcClient {
  private constructor(
    readonly signaling: BenchSignaling,
    readonly peer: ServerPeer,
    readonly joined: SignalingMessage,
    readonly localPath: string,
    readonly channels: {
      readonly msrp: MessageChannel;
      readonly t140: MessageChannel;
      readonly bfcp: MessageChannel;
    },
    readonly timings: JoinTimings,
  ) {}

  get participantId(): string {
    return String(this.joined['participantId']);
  }

  get services(): Services {
    return this.joined['services'] as Services;
  }

  static async join(server: ServerProcess, options: WebRtcJoinOptions): Promise<WebRtcClient> {
    const token = await server.token(options.identity, options.room);
    const joinStart = performance.now();
    const signaling = await BenchSignaling.connect(server.wsUrl);
    const joined = await signaling.join(token, options.room, options.joinExtra);
    const joinMs = performance.now() - joinStart;

    const peer = createClientPeer(options.identity);
    let answered = false;
    const early: [string, string][] = [];
    signaling.onCandidate((candidate, mid) => {
      if (answered) {
        peer.addRemoteCandidate(candidate, mid);
      } else {
        early.push([candidate, mid]);
      }
    });
    // Our candidates wait for the answer unless `trickleEarly`: see WebRtcJoinOptions.
    const ours: [string, string][] = [];
    const sendCandidate = (candidate: string, mid: string): void => {
      signaling.send({ type: 'candidate', candidate, sdpMid: mid });
    };
    peer.on('candidate', ({ candidate, mid }) => {
      if (answered || options.trickleEarly) {
        sendCandidate(candidate, mid);
      } else {
        ours.push([candidate, mid]);
      }
    });
    let connectedAt = 0;
    peer.on('state', (state) => {
      if (state === 'connected' && connectedAt === 0) {
        connectedAt = performance.now();
      }
    });
    if (options.onRemoteChannel) {
      peer.on('data-channel', options.onRemoteChannel);
    }
    const localPath = `msrp://${randomBytes(4).toString('hex')}.invalid:9/${randomBytes(6).toString('hex')};dc`;
    const make = (label: string, protocol: string, id: number) =>
      peer.createDataChannel(
        label,
        options.negotiated ? { protocol, negotiated: true, id } : { protocol },
      );
    const channels = {
      msrp: make('chat', 'msrp', 1),
      t140: make('rtt', 't140', 3),
      bfcp: make('floor', 'bfcp', 5),
    };
    const offer = await peer.offer();
    const sdp = options.negotiated
      ? appendToDataChannelSection(offer, [
          'a=dcmap:1 label="chat";subprotocol="msrp"',
          'a=dcsa:1 msrp-cema',
          'a=dcsa:1 setup:active',
          'a=dcsa:1 accept-types:message/cpim text/plain',
          `a=dcsa:1 path:${localPath}`,
          'a=dcmap:3 label="rtt";subprotocol="t140"',
          'a=dcsa:3 fmtp:t140 cps=30',
          'a=dcmap:5 label="floor";subprotocol="bfcp"',
          'a=dcsa:5 floorctrl:c-only',
        ])
      : offer;
    const offerAt = performance.now();
    signaling.send({ type: 'offer', sdp });
    const answer = await signaling.next('answer');
    const answerAt = performance.now();
    peer.acceptAnswer(String(answer['sdp']));
    answered = true;
    for (const [candidate, mid] of early.splice(0)) {
      peer.addRemoteCandidate(candidate, mid);
    }
    for (const [candidate, mid] of ours.splice(0)) {
      sendCandidate(candidate, mid);
    }
    await Promise.all(
      [channels.msrp, channels.t140, channels.bfcp].map((c) =>
        opened(c, `${options.identity}'s ${c.protocol} channel`),
      ),
    );
    const openAt = performance.now();
    signaling.stopCollecting();
    return new WebRtcClient(signaling, peer, joined, localPath, channels, {
      joinMs,
      answerMs: answerAt - offerAt,
      connectedMs: (connectedAt || openAt) - offerAt,
      openMs: openAt - offerAt,
    });
  }

  /** Leaves the room (the server closes its side), then closes the peer connection. */
  async leave(): Promise<void> {
    await this.signaling.leave();
    this.peer.close();
  }

  close(): void {
    this.peer.close();
    this.signaling.close();
  }
}
