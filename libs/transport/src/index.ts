export type {
  ChannelMessage,
  ChannelState,
  ChannelProperties,
  ChannelCloseEvent,
  MessageChannel,
  MessageChannelEvents,
} from './channel/message-channel.js';
export { messageByteLength, isReliableOrdered } from './channel/message-channel.js';
export { ChannelWriter } from './channel/channel-writer.js';
export type { ChannelWriterOptions } from './channel/channel-writer.js';
export { createLoopbackPair, LoopbackChannel } from './loopback/loopback-channel.js';
export type { LoopbackOptions, LoopbackPair } from './loopback/loopback-channel.js';
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
