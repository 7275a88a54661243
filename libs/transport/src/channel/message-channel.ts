import type { Unsubscribe, Listener } from '../events/typed-emitter.js';

/** What travels on a channel: one text or one binary message (a data channel message, a WebSocket frame). */
export type ChannelMessage = string | Uint8Array;

export type ChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** How a channel was set up (RFC 8831 §6.4 properties, as the W3C RTCDataChannel exposes them). */
export interface ChannelProperties {
  readonly ordered: boolean;
  /** Partial reliability by retransmissions; undefined = fully reliable. */
  readonly maxRetransmits?: number | undefined;
  /** Partial reliability by lifetime (ms); undefined = fully reliable. */
  readonly maxPacketLifeTime?: number | undefined;
  /** True when the channel was agreed out of band (SDP dcmap, RFC 8864), false when opened with DCEP. */
  readonly negotiated: boolean;
  /** SCTP stream id, when the transport has one. */
  readonly id?: number | undefined;
}

export interface ChannelCloseEvent {
  /** WebSocket close code, when the transport has one. */
  readonly code?: number;
  readonly reason?: string;
}

export interface MessageChannelEvents {
  open: undefined;
  message: ChannelMessage;
  /** bufferedAmount fell to or below bufferedAmountLowThreshold. */
  bufferedamountlow: undefined;
  error: Error;
  close: ChannelCloseEvent;
}

/**
 * The seam every protocol engine talks through: a reliable or partially reliable message channel
 * (an RTCDataChannel, a WebSocket, or the in-memory loopback pair). Two members matter to an engine,
 * `send` and the `message` event; the rest is lifecycle and back-pressure.
 */
export interface MessageChannel {
  /** The data channel label or a name given to the WebSocket. */
  readonly label: string;
  /** The subprotocol: `msrp`, `t140`, `bfcp`... (DCEP/SDP `protocol`, WebSocket `Sec-WebSocket-Protocol`). */
  readonly protocol: string;
  readonly state: ChannelState;
  readonly properties: ChannelProperties;
  /** Largest message the peer accepts, in bytes (SDP `a=max-message-size`; 0 in SDP means no limit, given here as Infinity). */
  readonly maxMessageSize: number;
  /** Bytes accepted by `send` and not yet handed to the network. */
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  /** Queues one message. Throws InvalidStateError unless open, MessageTooLargeError above maxMessageSize. */
  send(message: ChannelMessage): void;
  close(): void;
  on<K extends keyof MessageChannelEvents>(
    event: K,
    listener: Listener<MessageChannelEvents[K]>,
  ): Unsubscribe;
  off<K extends keyof MessageChannelEvents>(
    event: K,
    listener: Listener<MessageChannelEvents[K]>,
  ): void;
}

/** Byte length of a message as the transport counts it (UTF-8 for text). */
export function messageByteLength(message: ChannelMessage): number {
  if (typeof message !== 'string') {
    return message.byteLength;
  }
  let bytes = 0;
  for (let i = 0; i < message.length; i++) {
    const code = message.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < message.length) {
      const next = message.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/** True when the channel delivers every message, in order (what MSRP, T.140 and BFCP need). */
export function isReliableOrdered(properties: ChannelProperties): boolean {
  return (
    properties.ordered &&
    properties.maxRetransmits === undefined &&
    properties.maxPacketLifeTime === undefined
  );
}
