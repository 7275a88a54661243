import type { WebRtcProvider } from './webrtc/webrtc-provider.js';

/** Options of ParleyModule. Every field documents its default; libraries never read the environment. */
export interface ParleyModuleOptions {
  readonly auth: ParleyAuthOptions;
  readonly ice?: ParleyIceOptions;
  readonly webrtc?: ParleyWebRtcOptions;
  readonly signaling?: ParleySignalingOptions;
  readonly chat?: ParleyChatOptions;
  readonly rtt?: ParleyRttOptions;
  readonly floor?: ParleyFloorOptions;
  /**
   * The WebRTC stack behind the server's peers. Default: node-datachannel (libdatachannel). Give a
   * factory to swap it (another native stack, or an instrumented one in tests).
   */
  readonly webrtcProvider?: (webrtc: ResolvedParleyOptions['webrtc']) => WebRtcProvider;
}

export interface ParleyChatOptions {
  /** Recent messages a participant gets when its chat channel opens. Default 50. */
  readonly historyCount?: number;
  /** Largest chat message accepted (413 above). Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** Messages a participant may send per second, on average (403 above). Default 5. */
  readonly messagesPerSecond?: number;
  /** Messages a participant may send at once before the rate applies. Default 20. */
  readonly messageBurst?: number;
  /** Chat sessions one participant may hold at once; a new one closes the oldest. Default 3. */
  readonly maxSessionsPerParticipant?: number;
}

export interface ParleyRttOptions {
  /** Characters per second participants may send (RFC 8865 `cps`). Default 30. */
  readonly cps?: number;
  /**
   * Characters per second the relay takes from one participant, on average, before it drops text
   * (marked U+FFFD at the others). Default: twice `cps`, room for a sender's timing jitter.
   */
  readonly inboundCps?: number;
  /** Characters one participant may send at once before `inboundCps` applies. Default 10 x `cps`. */
  readonly inboundBurst?: number;
}

export interface ParleyFloorDefinition {
  readonly floorId: number;
  readonly name: string;
  /** How many may hold it at once. Default 1. */
  readonly maxHolders?: number;
  /** Revoke a grant after this long. Default: no limit. */
  readonly maxHoldingTimeMs?: number;
}

export interface ParleyFloorOptions {
  /** The floors of every room. Default: 1 `speak`, 2 `share-screen`. */
  readonly floors?: readonly ParleyFloorDefinition[];
}

export interface ParleyAuthOptions {
  /** HS256 secret that signs participant tokens: at least 32 characters. Required. */
  readonly jwtSecret: string;
  /** Serve POST /api/dev/tokens, which issues tokens to anyone. Development only. Default false. */
  readonly devTokens?: boolean;
  /** Lifetime of a dev token. Default 3600 s. */
  readonly devTokenTtlSeconds?: number;
}

export interface ParleyIceOptions {
  /** STUN server URLs handed to clients, e.g. `stun:stun.example.org:3478`. Default none. */
  readonly stunUrls?: readonly string[];
  /** TURN server URLs handed to clients with time-limited credentials. Default none. */
  readonly turnUrls?: readonly string[];
  /** coturn `static-auth-secret` (TURN REST API scheme). Required with turnUrls. */
  readonly turnSharedSecret?: string;
  /** Lifetime of TURN credentials. Default 43200 s (12 h). */
  readonly turnCredentialTtlSeconds?: number;
}

export interface ParleyWebRtcOptions {
  /** UDP ports the server's ICE agent may use (for firewalls and containers). Default: any. */
  readonly portRange?: { readonly begin: number; readonly end: number };
  /** Address to gather host candidates on. Default: all interfaces. */
  readonly bindAddress?: string;
  /** The `a=max-message-size` the server announces. Default 262144. */
  readonly maxMessageSize?: number;
  /** Also offer ICE-TCP candidates. Default false. */
  readonly iceTcp?: boolean;
}

export interface ParleySignalingOptions {
  /** WebSocket ping interval; a socket that misses a pong for one interval is dropped. Default 15000 ms. */
  readonly heartbeatIntervalMs?: number;
  /** How long a participant whose signaling socket dropped keeps identity and room. Default 30000 ms. */
  readonly reconnectGraceMs?: number;
  /** How long a new socket may stay unauthenticated. Default 5000 ms. */
  readonly authTimeoutMs?: number;
  /** Largest signaling message accepted, in bytes. Default 65536. */
  readonly maxMessageBytes?: number;
  /** Sustained messages per second per socket. Default 20. */
  readonly messagesPerSecond?: number;
  /** Burst of messages allowed above the sustained rate. Default 60. */
  readonly messageBurst?: number;
}

type DeepRequired<T> = {
  readonly [K in keyof T]-?: NonNullable<T[K]> extends object
    ? DeepRequired<NonNullable<T[K]>>
    : NonNullable<T[K]>;
};

/** Options with every default applied. */
export interface ResolvedParleyOptions {
  readonly auth: DeepRequired<ParleyAuthOptions>;
  readonly ice: Required<Omit<ParleyIceOptions, 'turnSharedSecret'>> & {
    readonly turnSharedSecret: string | undefined;
  };
  readonly webrtc: Required<Omit<ParleyWebRtcOptions, 'portRange' | 'bindAddress'>> &
    Pick<ParleyWebRtcOptions, 'portRange' | 'bindAddress'>;
  readonly signaling: DeepRequired<ParleySignalingOptions>;
  readonly chat: DeepRequired<ParleyChatOptions>;
  readonly rtt: DeepRequired<ParleyRttOptions>;
  readonly floor: { readonly floors: readonly ParleyFloorDefinition[] };
}

/** Thrown by ParleyModule when its options are invalid. */
export class ParleyOptionsError extends Error {
  override readonly name = 'ParleyOptionsError';
}

export function resolveParleyOptions(options: ParleyModuleOptions): ResolvedParleyOptions {
  const problems: string[] = [];
  if (options.auth.jwtSecret.length < 32) {
    problems.push('auth.jwtSecret must be at least 32 characters');
  }
  const turnUrls = options.ice?.turnUrls ?? [];
  if (turnUrls.length > 0 && !options.ice?.turnSharedSecret) {
    problems.push('ice.turnSharedSecret is required with ice.turnUrls');
  }
  const range = options.webrtc?.portRange;
  if (range && !(range.begin > 0 && range.begin <= range.end && range.end <= 65535)) {
    problems.push('webrtc.portRange must satisfy 0 < begin <= end <= 65535');
  }
  const floors = options.floor?.floors ?? [
    { floorId: 1, name: 'speak' },
    { floorId: 2, name: 'share-screen' },
  ];
  if (
    floors.length === 0 ||
    new Set(floors.map((f) => f.floorId)).size !== floors.length ||
    floors.some((f) => !(f.floorId >= 1 && f.floorId <= 0xffff))
  ) {
    problems.push('floor.floors must be non-empty, with distinct floor ids from 1 to 65535');
  }
  const cps = options.rtt?.cps ?? 30;
  if (!(cps >= 1 && cps <= 1000)) {
    problems.push('rtt.cps must be from 1 to 1000');
  }
  const positive: [string, number | undefined][] = [
    ['chat.messagesPerSecond', options.chat?.messagesPerSecond],
    ['chat.messageBurst', options.chat?.messageBurst],
    ['chat.maxSessionsPerParticipant', options.chat?.maxSessionsPerParticipant],
    ['rtt.inboundCps', options.rtt?.inboundCps],
    ['rtt.inboundBurst', options.rtt?.inboundBurst],
  ];
  for (const [name, value] of positive) {
    if (value !== undefined && !(value > 0)) {
      problems.push(`${name} must be greater than 0`);
    }
  }
  if (problems.length > 0) {
    throw new ParleyOptionsError(`Invalid ParleyModule options: ${problems.join('; ')}`);
  }
  return {
    auth: {
      jwtSecret: options.auth.jwtSecret,
      devTokens: options.auth.devTokens ?? false,
      devTokenTtlSeconds: options.auth.devTokenTtlSeconds ?? 3600,
    },
    ice: {
      stunUrls: options.ice?.stunUrls ?? [],
      turnUrls,
      turnSharedSecret: options.ice?.turnSharedSecret,
      turnCredentialTtlSeconds: options.ice?.turnCredentialTtlSeconds ?? 43_200,
    },
    webrtc: {
      portRange: options.webrtc?.portRange,
      bindAddress: options.webrtc?.bindAddress,
      maxMessageSize: options.webrtc?.maxMessageSize ?? 262_144,
      iceTcp: options.webrtc?.iceTcp ?? false,
    },
    signaling: {
      heartbeatIntervalMs: options.signaling?.heartbeatIntervalMs ?? 15_000,
      reconnectGraceMs: options.signaling?.reconnectGraceMs ?? 30_000,
      authTimeoutMs: options.signaling?.authTimeoutMs ?? 5_000,
      maxMessageBytes: options.signaling?.maxMessageBytes ?? 65_536,
      messagesPerSecond: options.signaling?.messagesPerSecond ?? 20,
      messageBurst: options.signaling?.messageBurst ?? 60,
    },
    chat: {
      historyCount: options.chat?.historyCount ?? 50,
      maxMessageBytes: options.chat?.maxMessageBytes ?? 1024 * 1024,
      messagesPerSecond: options.chat?.messagesPerSecond ?? 5,
      messageBurst: options.chat?.messageBurst ?? 20,
      maxSessionsPerParticipant: options.chat?.maxSessionsPerParticipant ?? 3,
    },
    rtt: {
      cps,
      inboundCps: options.rtt?.inboundCps ?? cps * 2,
      inboundBurst: options.rtt?.inboundBurst ?? cps * 10,
    },
    floor: { floors },
  };
}
