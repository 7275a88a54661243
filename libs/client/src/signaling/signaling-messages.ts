/**
 * The signaling protocol as a client sees it (docs/signaling.md), with the `services` object and
 * `bfcpUserId` of docs/conference.md. Mirrors the server's schema; the client never imports server code.
 */

export interface ParticipantSummary {
  readonly participantId: string;
  readonly identity: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly connected: boolean;
  /** The participant's BFCP User ID (names who is in the floor queue). */
  readonly bfcpUserId?: number;
}

export interface IceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

export interface FloorDescription {
  readonly floorId: number;
  readonly name: string;
}

/** `joined.services` (docs/conference.md): one entry per service the server offers. */
export interface ConferenceServices {
  readonly msrp?: {
    /** The server's MSRP path for this participant: the To-Path of our requests. */
    readonly path: string;
    /** The server's path on the `/msrp` WebSocket fallback (`;ws`). */
    readonly webSocketPath?: string;
    readonly historyCount?: number;
    readonly acceptTypes?: readonly string[];
    /** Largest chat message the switch accepts, in bytes. */
    readonly maxMessageBytes?: number;
  };
  readonly t140?: { readonly cps?: number; readonly mode?: 'per-source' | 'mixed' };
  readonly bfcp?: {
    readonly conferenceId: number;
    readonly userId: number;
    readonly floors: readonly FloorDescription[];
    readonly chair: boolean;
  };
}

export interface AuthenticatedMessage {
  readonly type: 'authenticated';
  readonly re?: string;
  readonly identity: string;
  readonly displayName: string;
  readonly room: string;
  readonly roles: readonly string[];
  readonly expiresAt: number;
}

export interface JoinedMessage {
  readonly type: 'joined';
  readonly re?: string;
  readonly room: string;
  readonly participantId: string;
  readonly resumed: boolean;
  readonly participants: readonly ParticipantSummary[];
  readonly iceServers: readonly IceServer[];
  readonly channels: readonly { readonly protocol: string; readonly streamId: number }[];
  readonly maxMessageSize: number;
  /** Absent on a server without the conference services. */
  readonly services?: ConferenceServices;
}

export type ServerMessage =
  | AuthenticatedMessage
  | JoinedMessage
  | { readonly type: 'participant-joined'; readonly participant: ParticipantSummary }
  | { readonly type: 'participant-updated'; readonly participant: ParticipantSummary }
  | { readonly type: 'participant-left'; readonly participantId: string }
  | { readonly type: 'answer'; readonly re?: string; readonly sdp: string }
  | { readonly type: 'offer'; readonly sdp: string }
  | { readonly type: 'candidate'; readonly candidate: string; readonly sdpMid?: string }
  | { readonly type: 'end-of-candidates' }
  | { readonly type: 'pong'; readonly re?: string }
  | { readonly type: 'left'; readonly re?: string }
  | {
      readonly type: 'error';
      readonly re?: string;
      readonly code: string;
      readonly message: string;
    };

export type ServerMessageType = ServerMessage['type'];

export type ClientMessage =
  | { readonly type: 'authenticate'; readonly id?: string; readonly token: string }
  | {
      readonly type: 'join';
      readonly id?: string;
      readonly room: string;
      readonly rtt?: 'per-source' | 'mixed';
    }
  | { readonly type: 'offer'; readonly id?: string; readonly sdp: string }
  | {
      readonly type: 'candidate';
      readonly id?: string;
      readonly candidate: string;
      readonly sdpMid?: string | null;
      readonly sdpMLineIndex?: number | null;
    }
  | { readonly type: 'end-of-candidates'; readonly id?: string }
  | { readonly type: 'ice-restart'; readonly id?: string }
  | { readonly type: 'leave'; readonly id?: string }
  | { readonly type: 'ping'; readonly id?: string };

const SERVER_TYPES: ReadonlySet<string> = new Set<ServerMessageType>([
  'authenticated',
  'joined',
  'participant-joined',
  'participant-updated',
  'participant-left',
  'answer',
  'offer',
  'candidate',
  'end-of-candidates',
  'pong',
  'left',
  'error',
]);

/** Reads one server message; undefined for anything that is not a JSON object with a known `type`. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return undefined;
  }
  const type = (json as { type?: unknown }).type;
  return typeof type === 'string' && SERVER_TYPES.has(type) ? (json as ServerMessage) : undefined;
}
