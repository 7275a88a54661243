import { Injectable, Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { TokenService } from '../auth/token.service.js';
import { ChannelRouter } from '../channels/channel-router.service.js';
import { RoomRegistry } from '../rooms/room-registry.service.js';
import {
  acceptFallbackSocket,
  FALLBACK_MAX_FRAME,
  selectSubprotocol,
} from './websocket-fallback.js';

/** Decorated so the subclasses inherit its constructor's injection metadata. */
@Injectable()
abstract class FallbackGateway implements OnGatewayConnection {
  protected abstract readonly protocol: string;

  constructor(
    private readonly tokens: TokenService,
    private readonly rooms: RoomRegistry,
    private readonly router: ChannelRouter,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const deps = { tokens: this.tokens, rooms: this.rooms, router: this.router };
    acceptFallbackSocket(this.protocol, socket, request, deps).catch((error: unknown) => {
      new Logger(`WebSocketFallback:${this.protocol}`).error(
        `accepting a socket failed: ${String(error)}`,
      );
      socket.close(1011, 'internal error');
    });
  }
}

/** MSRP over WebSocket (RFC 7977): `ws[s]://host/msrp?token=...`, subprotocol `msrp`. */
@WebSocketGateway({
  path: '/msrp',
  maxPayload: FALLBACK_MAX_FRAME,
  handleProtocols: selectSubprotocol('msrp'),
})
export class MsrpWebSocketGateway extends FallbackGateway {
  protected readonly protocol = 'msrp';
}

/** BFCP over WebSocket (RFC 8857): `ws[s]://host/bfcp?token=...`, subprotocol `bfcp`, binary frames. */
@WebSocketGateway({
  path: '/bfcp',
  maxPayload: FALLBACK_MAX_FRAME,
  handleProtocols: selectSubprotocol('bfcp'),
})
export class BfcpWebSocketGateway extends FallbackGateway {
  protected readonly protocol = 'bfcp';
}

/** T.140 over WebSocket (Parley's profile, no RFC): `ws[s]://host/t140?token=...`, subprotocol `t140`. */
@WebSocketGateway({
  path: '/t140',
  maxPayload: FALLBACK_MAX_FRAME,
  handleProtocols: selectSubprotocol('t140'),
})
export class T140WebSocketGateway extends FallbackGateway {
  protected readonly protocol = 't140';
}
