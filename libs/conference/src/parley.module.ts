import { Module } from '@nestjs/common';
import { HistoryModule } from '@parley/history';
import { HistoryController } from './api/history.controller.js';
import { BearerTokenGuard } from './api/bearer-token.guard.js';
import { PresenceRecorder } from './history/presence-recorder.service.js';
import { DevTokenController } from './auth/dev-token.controller.js';
import { TokenService } from './auth/token.service.js';
import { ChatSwitch } from './chat/chat-switch.service.js';
import { FloorControl } from './floor/floor-control.service.js';
import { FloorAdminController } from './api/floor-admin.controller.js';
import { RttRelay } from './rtt/rtt-relay.service.js';
import { TranscriptRecorder } from './rtt/transcript-recorder.service.js';
import {
  BfcpWebSocketGateway,
  MsrpWebSocketGateway,
  T140WebSocketGateway,
} from './fallback/websocket-fallback.gateways.js';
import { ChannelRouter } from './channels/channel-router.service.js';
import { IceServersService } from './ice/ice-servers.service.js';
import { ParleyConfigurableModule, PARLEY_MODULE_OPTIONS } from './parley.module-definition.js';
import {
  resolveParleyOptions,
  type ParleyModuleOptions,
  type ResolvedParleyOptions,
} from './parley.options.js';
import { PARLEY_OPTIONS, WEBRTC_PROVIDER } from './parley.tokens.js';
import { PeerSessions } from './peers/peer-sessions.service.js';
import { RoomRegistry } from './rooms/room-registry.service.js';
import { SignalingGateway } from './signaling/signaling.gateway.js';
import { NodeDataChannelProvider } from './webrtc/node-datachannel.provider.js';

/**
 * Everything Parley serves, mountable in any NestJS app: `ParleyModule.forRoot({...})` or
 * `ParleyModule.forRootAsync({ useFactory | useClass | useExisting })`. The app must use the `ws`
 * WebSocket adapter (`app.useWebSocketAdapter(new WsAdapter(app))`) and configure TypeORM with
 * `buildDataSourceOptions` and the migrations of `@parley/migrations` (the history lives there).
 */
@Module({
  imports: [HistoryModule],
  controllers: [DevTokenController, HistoryController, FloorAdminController],
  providers: [
    {
      provide: PARLEY_OPTIONS,
      useFactory: (options: ParleyModuleOptions) => resolveParleyOptions(options),
      inject: [PARLEY_MODULE_OPTIONS],
    },
    {
      provide: WEBRTC_PROVIDER,
      useFactory: (options: ParleyModuleOptions, resolved: ResolvedParleyOptions) =>
        options.webrtcProvider?.(resolved.webrtc) ?? new NodeDataChannelProvider(resolved.webrtc),
      inject: [PARLEY_MODULE_OPTIONS, PARLEY_OPTIONS],
    },
    TokenService,
    BearerTokenGuard,
    PresenceRecorder,
    IceServersService,
    ChannelRouter,
    RoomRegistry,
    PeerSessions,
    ChatSwitch,
    TranscriptRecorder,
    RttRelay,
    FloorControl,
    SignalingGateway,
    MsrpWebSocketGateway,
    BfcpWebSocketGateway,
    T140WebSocketGateway,
  ],
  exports: [
    PARLEY_OPTIONS,
    WEBRTC_PROVIDER,
    TokenService,
    BearerTokenGuard,
    PresenceRecorder,
    IceServersService,
    ChannelRouter,
    RoomRegistry,
    PeerSessions,
  ],
})
export class ParleyModule extends ParleyConfigurableModule {}
