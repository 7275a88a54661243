// @parley/client: the browser SDK of Parley (signaling, WebRTC or WebSocket channels, MSRP chat,
// T.140 real-time text, BFCP floor control).

export { ParleyClient } from './parley-client.js';
export type {
  ParleyClientOptions,
  ParleyClientEvents,
  ClientState,
  SelfInfo,
} from './parley-client.js';
export { ParleyClientError } from './errors.js';
export type { ParleyClientErrorCode } from './errors.js';
export { browserPlatform } from './platform.js';
export type {
  ClientPlatform,
  PeerConnectionLike,
  PeerConnectionConfiguration,
  DataChannelInit,
  IceCandidateLike,
  FetchLike,
  FetchResponseLike,
} from './platform.js';

// signaling
export { SignalingConnection } from './signaling/signaling-connection.js';
export type { SignalingEvents, SignalingCloseEvent } from './signaling/signaling-connection.js';
export { parseServerMessage } from './signaling/signaling-messages.js';
export type {
  ClientMessage,
  ServerMessage,
  ServerMessageType,
  AuthenticatedMessage,
  JoinedMessage,
  ParticipantSummary,
  ConferenceServices,
  FloorDescription,
  IceServer,
} from './signaling/signaling-messages.js';

// channels
export { WebRtcChannels } from './connection/webrtc-channels.js';
export type { ChannelNegotiation, WebRtcChannelOptions } from './connection/webrtc-channels.js';
export { WebSocketChannels } from './connection/websocket-channels.js';
export type { WebSocketChannelOptions } from './connection/websocket-channels.js';
export {
  REMOTE_TEXT_LABEL_PREFIX,
  CONFERENCE_PROTOCOLS,
} from './connection/conference-channels.js';
export type {
  ConferenceChannels,
  ConferenceProtocol,
  RemoteTextChannel,
  TransportKind,
} from './connection/conference-channels.js';

// chat
export { ChatClient, compareMessages, deliveryAfterFailureReport } from './chat/chat-client.js';
export type { ChatClientOptions, ChatEvents } from './chat/chat-client.js';
export type { ChatMessage, ChatDeliveryState, ChatSender } from './chat/chat-message.js';

// real-time text
export { RealTimeText } from './rtt/real-time-text.js';
export type { RealTimeTextOptions, RealTimeTextEvents } from './rtt/real-time-text.js';
export { RemoteText, MIXED_SOURCE } from './rtt/remote-text.js';
export type { LinesMark } from './rtt/remote-text.js';
export { bindTextField } from './rtt/text-field-binding.js';
export type { TextFieldLike, TextFieldBindingOptions } from './rtt/text-field-binding.js';

// floor control
export { FloorControl, floorRequestState } from './floor/floor-control.js';
export type { FloorControlOptions, FloorControlEvents } from './floor/floor-control.js';
export type {
  FloorRequestState,
  FloorQueueEntry,
  FloorView,
  OwnFloorRequest,
} from './floor/floor-types.js';

// REST
export { RestClient } from './api/rest-client.js';
export type { TranscriptFormat } from './api/rest-client.js';
export type {
  ChatMessageRecord,
  ChatPage,
  TranscriptLine,
  FloorEventRecord,
  RoomParticipantRecord,
  DevTokenRequest,
} from './api/rest-types.js';

// identifiers
export { participantUri, roomUri, identityFromUri, roomFromUri, encodeUnreserved } from './uris.js';
