import {
  systemClock,
  type Clock,
  type RtcDataChannelLike,
  type WebSocketLike,
} from '@parley/transport';

/** What `createDataChannel` takes (the W3C RTCDataChannelInit members the client uses). */
export interface DataChannelInit {
  readonly ordered?: boolean;
  readonly negotiated?: boolean;
  readonly id?: number;
  readonly protocol?: string;
}

export interface IceCandidateLike {
  readonly candidate: string;
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
}

export interface PeerConnectionConfiguration {
  readonly iceServers: readonly {
    readonly urls: string | readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
}

/** The part of the W3C RTCPeerConnection the client uses (browsers; @roamhq/wrtc in Node tests). */
export interface PeerConnectionLike {
  readonly connectionState: string;
  readonly sctp: { readonly maxMessageSize: number } | null;
  createDataChannel(label: string, init?: DataChannelInit): RtcDataChannelLike;
  createOffer(): Promise<{ readonly type: string; readonly sdp?: string }>;
  setLocalDescription(description: { type: 'offer'; sdp: string }): Promise<void>;
  setRemoteDescription(description: { type: 'answer'; sdp: string }): Promise<void>;
  addIceCandidate(candidate: IceCandidateLike): Promise<void>;
  close(): void;
  addEventListener(
    type: 'icecandidate',
    listener: (event: { readonly candidate: IceCandidateLike | null }) => void,
  ): void;
  addEventListener(
    type: 'datachannel',
    listener: (event: { readonly channel: RtcDataChannelLike }) => void,
  ): void;
  addEventListener(type: 'connectionstatechange', listener: () => void): void;
}

/** The part of a fetch Response the client reads. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init?: {
    readonly method?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  },
) => Promise<FetchResponseLike>;

/**
 * Everything the client takes from its platform, so it runs in any browser and, in tests, in Node
 * (the `ws` WebSocket and @roamhq/wrtc's RTCPeerConnection).
 */
export interface ClientPlatform {
  readonly createWebSocket: (url: string, protocols?: readonly string[]) => WebSocketLike;
  /** Undefined where there is no WebRTC: the client then uses the WebSocket fallbacks. */
  readonly createPeerConnection:
    ((configuration: PeerConnectionConfiguration) => PeerConnectionLike) | undefined;
  readonly fetch: FetchLike;
  readonly clock: Clock;
}

/** The platform of the page: its WebSocket, RTCPeerConnection (when present), fetch and timers. */
export function browserPlatform(): ClientPlatform {
  const hasWebRtc = typeof globalThis.RTCPeerConnection === 'function';
  return {
    createWebSocket: (url, protocols) => new WebSocket(url, protocols ? [...protocols] : undefined),
    createPeerConnection: hasWebRtc
      ? (configuration) =>
          new RTCPeerConnection({
            iceServers: configuration.iceServers.map((s) => ({
              urls: typeof s.urls === 'string' ? s.urls : [...s.urls],
              ...(s.username === undefined ? {} : { username: s.username }),
              ...(s.credential === undefined ? {} : { credential: s.credential }),
            })),
          })
      : undefined,
    fetch: (url, init) => globalThis.fetch(url, init),
    clock: systemClock,
  };
}
