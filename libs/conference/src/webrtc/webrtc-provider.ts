import type { MessageChannel, Unsubscribe } from '@parley/transport';

export type PeerConnectionState =
  'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface DataChannelInit {
  readonly protocol: string;
  /** Agreed in SDP (RFC 8864) with this stream id, instead of opened with DCEP. */
  readonly negotiated?: boolean;
  readonly id?: number;
  readonly ordered?: boolean;
  readonly maxRetransmits?: number;
  readonly maxPacketLifeTime?: number;
}

export interface ServerPeerEvents {
  /** A local ICE candidate to trickle to the remote peer (`a=candidate` value, without `a=`). */
  candidate: { readonly candidate: string; readonly mid: string };
  /** Gathering finished: tell the remote peer end-of-candidates. */
  'gathering-complete': undefined;
  state: PeerConnectionState;
  /** The remote peer opened a channel in-band (DCEP). It may not be open yet. */
  'data-channel': MessageChannel;
}

/** Thrown when the WebRTC stack refuses a description or candidate. */
export class PeerNegotiationError extends Error {
  override readonly name = 'PeerNegotiationError';
}

/** One server-side peer connection, answering (or offering to) one participant. */
export interface ServerPeer {
  readonly state: PeerConnectionState;
  /** The remote peer's `a=max-message-size` (what the server may send in one message). */
  readonly remoteMaxMessageSize: number;
  /** Applies a remote offer and returns the local answer SDP. Throws PeerNegotiationError. */
  answer(offerSdp: string): Promise<string>;
  /** Creates a local offer (the server offering). */
  offer(): Promise<string>;
  /** Applies a remote answer to an offer made with `offer()`. Throws PeerNegotiationError. */
  acceptAnswer(answerSdp: string): void;
  /** Adds a trickled remote candidate. Throws PeerNegotiationError. */
  addRemoteCandidate(candidate: string, mid: string): void;
  /** Creates a channel (negotiated ones must match the remote's dcmap). */
  createDataChannel(label: string, init: DataChannelInit): MessageChannel;
  close(): void;
  on<K extends keyof ServerPeerEvents>(
    event: K,
    listener: ServerPeerEvents[K] extends undefined
      ? () => void
      : (payload: ServerPeerEvents[K]) => void,
  ): Unsubscribe;
}

export interface ServerPeerConfig {
  /** For logs. */
  readonly name: string;
  readonly iceServers: readonly {
    readonly urls: readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
}

/** The WebRTC stack behind the server's peers; swap it with the `webrtcProvider` module option. */
export interface WebRtcProvider {
  createPeer(config: ServerPeerConfig): ServerPeer;
  /** Releases the stack (threads, sockets) on application shutdown. */
  shutdown(): void;
}
