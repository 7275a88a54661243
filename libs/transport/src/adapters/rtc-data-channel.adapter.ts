import { InvalidStateError, MessageTooLargeError, TransportError } from '../errors.js';
import { TypedEmitter, type Listener, type Unsubscribe } from '../events/typed-emitter.js';
import {
  messageByteLength,
  type ChannelMessage,
  type ChannelProperties,
  type ChannelState,
  type MessageChannel,
  type MessageChannelEvents,
} from '../channel/message-channel.js';
import { toChannelData } from './binary.js';

/** The part of the W3C RTCDataChannel this adapter uses (browsers, @roamhq/wrtc, node-datachannel's polyfill). */
export interface RtcDataChannelLike {
  readonly label: string;
  readonly protocol: string;
  readonly id: number | null;
  readonly ordered: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readonly negotiated: boolean;
  readonly readyState: ChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: string;
  send(data: string): void;
  // Two overloads, not a union: the platform types declare one overload per data kind.
  // eslint-disable-next-line @typescript-eslint/unified-signatures
  send(data: ArrayBufferView<ArrayBuffer>): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly error?: unknown }) => void): void;
}

export interface RtcDataChannelAdapterOptions {
  /**
   * The peer's `a=max-message-size` (RTCSctpTransport.maxMessageSize). Default 65536, the RFC 8841
   * default when the peer says nothing.
   */
  readonly maxMessageSize?: number;
}

/**
 * null means "not limited" in the W3C API. Some libwebrtc builds (seen with @roamhq/wrtc 0.10 on
 * negotiated channels) report 65535, libwebrtc's internal "unset", instead: read it as unset too.
 */
function reliabilityLimit(value: number | null): number | undefined {
  return value === null || value === 0xffff ? undefined : value;
}

/** A W3C RTCDataChannel as a MessageChannel. */
export class RtcDataChannelAdapter implements MessageChannel {
  readonly #events = new TypedEmitter<MessageChannelEvents>();
  readonly maxMessageSize: number;
  readonly properties: ChannelProperties;

  constructor(
    readonly channel: RtcDataChannelLike,
    options: RtcDataChannelAdapterOptions = {},
  ) {
    const size = options.maxMessageSize ?? 65536;
    this.maxMessageSize = size === 0 ? Number.POSITIVE_INFINITY : size;
    this.properties = {
      ordered: channel.ordered,
      maxRetransmits: reliabilityLimit(channel.maxRetransmits),
      maxPacketLifeTime: reliabilityLimit(channel.maxPacketLifeTime),
      negotiated: channel.negotiated,
      id: channel.id ?? undefined,
    };
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('open', () => {
      this.#events.emit('open');
    });
    channel.addEventListener('message', (event) => {
      const data = toChannelData(event.data);
      if (data === undefined) {
        this.#events.emit(
          'error',
          new TransportError(
            'UNSUPPORTED_MESSAGE',
            'data channel delivered a message that is neither text nor bytes',
          ),
        );
        return;
      }
      this.#events.emit('message', data);
    });
    channel.addEventListener('bufferedamountlow', () => {
      this.#events.emit('bufferedamountlow');
    });
    channel.addEventListener('error', (event) => {
      this.#events.emit(
        'error',
        event.error instanceof Error
          ? event.error
          : new TransportError('INVALID_STATE', 'data channel error'),
      );
    });
    channel.addEventListener('close', () => {
      this.#events.emit('close', {});
    });
  }

  get label(): string {
    return this.channel.label;
  }

  get protocol(): string {
    return this.channel.protocol;
  }

  get state(): ChannelState {
    return this.channel.readyState;
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  get bufferedAmountLowThreshold(): number {
    return this.channel.bufferedAmountLowThreshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    this.channel.bufferedAmountLowThreshold = value;
  }

  send(message: ChannelMessage): void {
    if (this.channel.readyState !== 'open') {
      throw new InvalidStateError(
        `cannot send on data channel "${this.label}": it is ${this.channel.readyState}`,
      );
    }
    const size = messageByteLength(message);
    if (size > this.maxMessageSize) {
      throw new MessageTooLargeError(size, this.maxMessageSize);
    }
    if (typeof message === 'string') {
      this.channel.send(message);
    } else {
      this.channel.send(message as Uint8Array<ArrayBuffer>);
    }
  }

  close(): void {
    this.channel.close();
  }

  on<K extends keyof MessageChannelEvents>(
    event: K,
    listener: Listener<MessageChannelEvents[K]>,
  ): Unsubscribe {
    return this.#events.on(event, listener);
  }

  off<K extends keyof MessageChannelEvents>(
    event: K,
    listener: Listener<MessageChannelEvents[K]>,
  ): void {
    this.#events.off(event, listener);
  }
}
