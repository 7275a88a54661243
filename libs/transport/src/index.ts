export type {
  ChannelMessage,
  ChannelState,
  ChannelProperties,
  ChannelCloseEvent,
  MessageChannel,
  MessageChannelEvents,
} from './channel/message-channel.js';
export { messageByteLength, isReliableOrdered } from './channel/message-channel.js';
export { MessageChannelBase } from './channel/message-channel-base.js';
export { toChannelData, sendToPlatform } from './channel/channel-data.js';
export type { PlatformSender } from './channel/channel-data.js';
export { ChannelWriter } from './channel/channel-writer.js';
export type { ChannelWriterOptions } from './channel/channel-writer.js';
export { createLoopbackPair, LoopbackChannel } from './loopback/loopback-channel.js';
export type { LoopbackOptions, LoopbackPair } from './loopback/loopback-channel.js';
export { ManualScheduler } from './loopback/manual-scheduler.js';
export { TypedEmitter } from './events/typed-emitter.js';
export type { EventMap, Listener, Unsubscribe } from './events/typed-emitter.js';
export { systemClock, ManualClock } from './clock/clock.js';
export type { Clock, TimerHandle } from './clock/clock.js';
export {
  TransportError,
  InvalidStateError,
  MessageTooLargeError,
  ChannelClosedError,
} from './errors.js';
export type { TransportErrorCode } from './errors.js';
export { RtcDataChannelAdapter } from './adapters/rtc-data-channel.adapter.js';
export type {
  RtcDataChannelLike,
  RtcDataChannelAdapterOptions,
} from './adapters/rtc-data-channel.adapter.js';
export { WebSocketAdapter } from './adapters/websocket.adapter.js';
export type { WebSocketLike, WebSocketAdapterOptions } from './adapters/websocket.adapter.js';
export {
  DataChannelSdpError,
  parseDcmap,
  serializeDcmap,
  dcmapParams,
  dcmapFromParams,
  parseDcsa,
  tryParseDcsa,
  serializeDcsa,
  quoteDcmapString,
} from './sdp/dcmap.js';
export type { Dcmap, DcmapParamName, DcmapParams, Dcsa } from './sdp/dcmap.js';
export {
  readDataChannelSection,
  appendToDataChannelSection,
  withoutDataChannelAttributes,
  dataChannelLines,
} from './sdp/data-channel-section.js';
export type { DataChannelDescription, DataChannelSection } from './sdp/data-channel-section.js';
export {
  DcepError,
  DcepMessageType,
  DcepChannelType,
  encodeDcep,
  decodeDcep,
  dcepChannelProperties,
} from './dcep/dcep.js';
export type { DcepMessage, DcepOpen, DcepAck } from './dcep/dcep.js';
