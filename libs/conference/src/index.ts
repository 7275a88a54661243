export { ParleyModule } from './parley.module.js';
export {
  PARLEY_MODULE_OPTIONS,
  PARLEY_OPTIONS_TYPE,
  PARLEY_ASYNC_OPTIONS_TYPE,
} from './parley.module-definition.js';
export { PARLEY_OPTIONS, WEBRTC_PROVIDER, PROTOCOL_HANDLERS } from './parley.tokens.js';
export { resolveParleyOptions, ParleyOptionsError } from './parley.options.js';
export type {
  ParleyModuleOptions,
  ParleyAuthOptions,
  ParleyIceOptions,
  ParleyWebRtcOptions,
  ParleySignalingOptions,
  ResolvedParleyOptions,
} from './parley.options.js';
export { TokenService, TokenError, TOKEN_ISSUER } from './auth/token.service.js';
export type { IssueTokenRequest, TokenErrorCode } from './auth/token.service.js';
export { CHAIR_ROLE, isChair } from './auth/participant-identity.js';
export type { ParticipantIdentity } from './auth/participant-identity.js';
export { IceServersService, turnCredential } from './ice/ice-servers.service.js';
export type { IceServer } from './ice/ice-servers.service.js';
export { ChannelRouter } from './channels/channel-router.service.js';
export { refuseUnlessReliableOrdered } from './channels/protocol-handler.js';
export type {
  ProtocolHandler,
  ChannelOwner,
  NegotiationDecision,
} from './channels/protocol-handler.js';
export { RoomRegistry } from './rooms/room-registry.service.js';
export type { RoomEvents, JoinResult } from './rooms/room-registry.service.js';
export { Participant } from './rooms/participant.js';
export type { SignalSender, ParticipantResource } from './rooms/participant.js';
export { PeerSessions } from './peers/peer-sessions.service.js';
export { SignalingGateway, SIGNALING_PATH } from './signaling/signaling.gateway.js';
export {
  SignalingCloseCode,
  SignalingErrorCode,
  clientMessageSchema,
  clientMessageJsonSchema,
  parseClientMessage,
} from './signaling/signaling.protocol.js';
export type {
  ClientMessage,
  ServerMessage,
  ParticipantSummary,
} from './signaling/signaling.protocol.js';
export {
  NodeDataChannelProvider,
  remoteMaxMessageSize,
} from './webrtc/node-datachannel.provider.js';
export { PeerNegotiationError } from './webrtc/webrtc-provider.js';
export type {
  WebRtcProvider,
  ServerPeer,
  ServerPeerConfig,
  ServerPeerEvents,
  DataChannelInit,
  PeerConnectionState,
} from './webrtc/webrtc-provider.js';
export {
  MsrpWebSocketGateway,
  BfcpWebSocketGateway,
  T140WebSocketGateway,
} from './fallback/websocket-fallback.gateways.js';
export { FALLBACK_MAX_MESSAGE } from './fallback/websocket-fallback.js';
export { ChatSwitch } from './chat/chat-switch.service.js';
export { participantUri, roomUri, readChatUri, switchPath } from './chat/chat-uris.js';
export { RttRelay, rttSourceLabel } from './rtt/rtt-relay.service.js';
export { TranscriptRecorder } from './rtt/transcript-recorder.service.js';
export { FloorControl, FloorActionError } from './floor/floor-control.service.js';
