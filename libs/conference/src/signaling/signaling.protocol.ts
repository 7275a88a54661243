import { z } from 'zod';

/**
 * The signaling protocol (docs/signaling.md): JSON text messages, one per WebSocket message, each
 * with a `type`. A client request may carry an `id`; the server's reply or error carries it back as `re`.
 */

const id = z.string().min(1).max(64).optional();
const sdp = z.string().min(1).max(60_000);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('authenticate'), id, token: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      type: z.literal('join'),
      id,
      room: z.string().min(1).max(64),
      /** How other participants' real-time text arrives: a channel per source (default) or one mixed stream. */
      rtt: z.enum(['per-source', 'mixed']).optional(),
    })
    .strict(),
  z.object({ type: z.literal('offer'), id, sdp }).strict(),
  /** Asks the server to offer (it opens the msrp, t140 and bfcp channels in-band). */
  z.object({ type: z.literal('request-offer'), id }).strict(),
  z.object({ type: z.literal('answer'), id, sdp }).strict(),
  z
    .object({
      type: z.literal('candidate'),
      id,
      candidate: z.string().max(1024),
      sdpMid: z.string().max(32).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    })
    .strict(),
  z.object({ type: z.literal('end-of-candidates'), id }).strict(),
  z.object({ type: z.literal('ice-restart'), id }).strict(),
  z.object({ type: z.literal('leave'), id }).strict(),
  z.object({ type: z.literal('ping'), id }).strict(),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];

/** Error codes of `{"type":"error"}` messages. */
export const SignalingErrorCode = {
  BAD_JSON: 'BAD_JSON',
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  NOT_AUTHENTICATED: 'NOT_AUTHENTICATED',
  ALREADY_AUTHENTICATED: 'ALREADY_AUTHENTICATED',
  TOKEN_MISSING: 'TOKEN_MISSING',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  ROOM_FORBIDDEN: 'ROOM_FORBIDDEN',
  NOT_JOINED: 'NOT_JOINED',
  ALREADY_JOINED: 'ALREADY_JOINED',
  BAD_SDP: 'BAD_SDP',
  BAD_CANDIDATE: 'BAD_CANDIDATE',
  WRONG_STATE: 'WRONG_STATE',
  INTERNAL: 'INTERNAL',
} as const;
export type SignalingErrorCode = (typeof SignalingErrorCode)[keyof typeof SignalingErrorCode];

/** WebSocket close codes the gateway uses (4xxx: application-defined, RFC 6455 §7.4.2). */
export const SignalingCloseCode = {
  /** Normal end after `leave`. */
  NORMAL: 1000,
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** A frame was larger than the limit. */
  MESSAGE_TOO_BIG: 1009,
  /** No `authenticate` in time, or another message before it. */
  AUTHENTICATION_REQUIRED: 4001,
  /** The token is missing, malformed, badly signed or has bad claims. */
  TOKEN_INVALID: 4002,
  /** The token has expired. */
  TOKEN_EXPIRED: 4003,
  /** The token does not admit to the requested room. */
  ROOM_FORBIDDEN: 4004,
  /** Too many messages, or too many errors: the socket was flooding. */
  FLOOD: 4008,
  /** The same identity joined the room from another socket. */
  REPLACED: 4009,
  /** No pong to the server's pings. */
  HEARTBEAT_TIMEOUT: 4010,
  /** A moderator removed the participant from the room. */
  REMOVED: 4011,
} as const;
export type SignalingCloseCode = (typeof SignalingCloseCode)[keyof typeof SignalingCloseCode];

export interface ParticipantSummary {
  readonly participantId: string;
  readonly identity: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly connected: boolean;
  /** Published by the services: `bfcpUserId`, `nickname`... */
  readonly [published: string]: unknown;
}

export type ServerMessage =
  | {
      type: 'authenticated';
      re?: string;
      identity: string;
      displayName: string;
      room: string;
      roles: readonly string[];
      expiresAt: number;
    }
  | {
      type: 'joined';
      re?: string;
      room: string;
      participantId: string;
      resumed: boolean;
      participants: readonly ParticipantSummary[];
      iceServers: readonly { urls: readonly string[]; username?: string; credential?: string }[];
      /** Data-channel subprotocols the server serves, with the stream ids it suggests for SDP negotiation. */
      channels: readonly { protocol: string; streamId: number }[];
      maxMessageSize: number;
      /** What each protocol service tells this participant (docs/conference.md). */
      services: Readonly<Record<string, unknown>>;
    }
  | { type: 'participant-joined'; participant: ParticipantSummary }
  | { type: 'participant-left'; participantId: string }
  | { type: 'participant-updated'; participant: ParticipantSummary }
  | { type: 'answer'; re?: string; sdp: string }
  | { type: 'offer'; re?: string; sdp: string }
  | { type: 'offer'; sdp: string }
  | { type: 'candidate'; candidate: string; sdpMid: string }
  | { type: 'end-of-candidates' }
  | { type: 'pong'; re?: string }
  | { type: 'left'; re?: string }
  | { type: 'error'; re?: string; code: SignalingErrorCode; message: string };

/** Parses and validates one client message; never throws. */
export function parseClientMessage(
  text: string,
):
  | { ok: true; message: ClientMessage }
  | { ok: false; code: SignalingErrorCode; message: string; re?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_JSON', message: 'the message is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      code: 'INVALID_MESSAGE',
      message: 'a message is a JSON object with a "type"',
    };
  }
  const record = json as Record<string, unknown>;
  const re = typeof record['id'] === 'string' ? record['id'].slice(0, 64) : undefined;
  const known = clientMessageSchema.options.some(
    (option) => option.shape.type.value === record['type'],
  );
  if (!known) {
    return {
      ok: false,
      code: 'UNKNOWN_TYPE',
      message: `unknown message type ${JSON.stringify(record['type'] ?? null).slice(0, 40)}`,
      ...(re ? { re } : {}),
    };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, code: 'INVALID_MESSAGE', message: detail, ...(re ? { re } : {}) };
  }
  return { ok: true, message: parsed.data };
}

/** The JSON Schema of client messages, published in docs/signaling.md. */
export function clientMessageJsonSchema(): unknown {
  return z.toJSONSchema(clientMessageSchema);
}
