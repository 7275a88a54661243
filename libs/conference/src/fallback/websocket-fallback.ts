import { Logger } from '@nestjs/common';
import { WebSocketAdapter } from '@parley/transport';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { TokenError, type TokenService } from '../auth/token.service.js';
import type { ChannelRouter } from '../channels/channel-router.service.js';
import type { RoomRegistry } from '../rooms/room-registry.service.js';
import { SignalingCloseCode } from '../signaling/signaling.protocol.js';

/** Largest frame a fallback socket accepts (ws closes bigger ones with 1009). */
export const FALLBACK_MAX_FRAME = 1024 * 1024;
/** Largest message the server sends on a fallback socket: MSRP chunks to this (RFC 7977 §5). */
export const FALLBACK_MAX_MESSAGE = 65_536;

/** `handleProtocols` for ws: select `protocol` when the client offers it, refuse otherwise. */
export function selectSubprotocol(protocol: string) {
  return (offered: Set<string>): string | false => (offered.has(protocol) ? protocol : false);
}

/**
 * Accepts one fallback WebSocket (MSRP over WebSocket RFC 7977, BFCP over WebSocket RFC 8857, T.140
 * over WebSocket, our own profile): the subprotocol must match the endpoint, the token (query
 * parameter `token`) must admit to a room the participant already joined through /signaling; then
 * the socket becomes a MessageChannel routed like a data channel.
 */
export async function acceptFallbackSocket(
  protocol: string,
  socket: WebSocket,
  request: IncomingMessage,
  deps: { tokens: TokenService; rooms: RoomRegistry; router: ChannelRouter },
): Promise<void> {
  const logger = new Logger(`WebSocketFallback:${protocol}`);
  // Hold incoming frames until the token is checked and the channel routed: nothing is lost or early.
  socket.pause();
  /** Refuses the socket (resumed first: a paused socket would never read the peer's close frame). */
  const refuse = (code: number, reason: string): void => {
    socket.resume();
    socket.close(code, reason);
  };
  if (socket.protocol !== protocol) {
    refuse(1002, `the ${protocol} endpoint needs the "${protocol}" WebSocket subprotocol`);
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const room = url.searchParams.get('room') ?? undefined;
  let identity;
  try {
    identity = await deps.tokens.verify(url.searchParams.get('token') ?? undefined);
  } catch (error) {
    if (!(error instanceof TokenError)) {
      throw error;
    }
    refuse(
      error.code === 'TOKEN_EXPIRED'
        ? SignalingCloseCode.TOKEN_EXPIRED
        : SignalingCloseCode.TOKEN_INVALID,
      error.message,
    );
    return;
  }
  if (room !== undefined && room !== identity.room) {
    refuse(SignalingCloseCode.ROOM_FORBIDDEN, 'the token does not admit to this room');
    return;
  }
  const participant = deps.rooms
    .participants(identity.room)
    .find((p) => p.identity.identity === identity.identity);
  if (!participant) {
    refuse(SignalingCloseCode.ROOM_FORBIDDEN, 'join the room through /signaling first');
    return;
  }
  const release = participant.own({
    close: () => {
      socket.close(SignalingCloseCode.GOING_AWAY, 'left the room');
    },
  });
  socket.once('close', release);
  logger.log(`${identity.identity} in ${identity.room} connected`);
  const channel = new WebSocketAdapter(socket, {
    label: protocol,
    maxMessageSize: FALLBACK_MAX_MESSAGE,
  });
  deps.router.route(channel, {
    participantId: participant.participantId,
    identity,
    transport: 'websocket',
  });
  socket.resume();
}
