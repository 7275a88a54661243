import { Inject, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import { systemClock } from '@parley/transport';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { TokenService } from '../auth/token.service.js';
import { ChannelRouter } from '../channels/channel-router.service.js';
import { IceServersService } from '../ice/ice-servers.service.js';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';
import { PeerSessions } from '../peers/peer-sessions.service.js';
import { RoomRegistry } from '../rooms/room-registry.service.js';
import { SignalingConnection, type SignalingDependencies } from './signaling-connection.js';

/** Largest WebSocket frame the signaling socket accepts at all (ws closes bigger ones with 1009). */
export const SIGNALING_MAX_FRAME = 1024 * 1024;
export const SIGNALING_PATH = '/signaling';

/** The signaling WebSocket endpoint (docs/signaling.md). */
@WebSocketGateway({ path: SIGNALING_PATH, maxPayload: SIGNALING_MAX_FRAME })
export class SignalingGateway implements OnGatewayConnection, OnApplicationShutdown {
  readonly #connections = new Set<SignalingConnection>();
  readonly #deps: SignalingDependencies;

  constructor(
    @Inject(PARLEY_OPTIONS) options: ResolvedParleyOptions,
    tokens: TokenService,
    rooms: RoomRegistry,
    iceServers: IceServersService,
    router: ChannelRouter,
    peers: PeerSessions,
  ) {
    this.#deps = { options, tokens, rooms, iceServers, router, peers, clock: systemClock };
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const remote = `${request.socket.remoteAddress ?? '?'}:${String(request.socket.remotePort ?? '?')}`;
    const connection = new SignalingConnection(socket, remote, this.#deps);
    this.#connections.add(connection);
    socket.once('close', () => {
      this.#connections.delete(connection);
    });
  }

  onApplicationShutdown(): void {
    for (const connection of this.#connections) {
      connection.closeForShutdown();
    }
  }
}
