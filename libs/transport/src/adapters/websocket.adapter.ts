import { systemClock, type Clock, type TimerHandle } from '../clock/clock.js';
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

/** The part of the W3C WebSocket this adapter uses (browsers, and the `ws` package's WebSocket). */
export interface WebSocketLike {
  readonly protocol: string;
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
  send(data: string): void;
  // Two overloads, not a union: the platform types declare one overload per data kind.
  // eslint-disable-next-line @typescript-eslint/unified-signatures
  send(data: ArrayBufferView<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(
    type: 'error',
    listener: (event: { readonly error?: unknown; readonly message?: string }) => void,
  ): void;
  addEventListener(
    type: 'close',
    listener: (event: { readonly code: number; readonly reason: string }) => void,
  ): void;
}

export interface WebSocketAdapterOptions {
  /** A name for logs (a WebSocket has no label). Default: the subprotocol. */
  readonly label?: string;
  /**
   * Largest message to send, in bytes. WebSocket itself has no limit; engines chunk to this (MSRP
   * over WebSocket sends one chunk per message, RFC 7977 §5). Default 65536.
   */
  readonly maxMessageSize?: number;
  /** How often to look at bufferedAmount while it is above the low threshold (a WebSocket has no event for it). Default 10 ms. */
  readonly drainPollMs?: number;
  readonly clock?: Clock;
}

const STATES: readonly ChannelState[] = ['connecting', 'open', 'closing', 'closed'];

/** A W3C WebSocket as a MessageChannel: reliable, ordered, one message per frame. */
export class WebSocketAdapter implements MessageChannel {
  readonly #events = new TypedEmitter<MessageChannelEvents>();
  readonly label: string;
  readonly maxMessageSize: number;
  readonly properties: ChannelProperties = { ordered: true, negotiated: false };
  bufferedAmountLowThreshold = 0;
  readonly #clock: Clock;
  readonly #pollMs: number;
  #drainTimer: TimerHandle;

  constructor(
    readonly socket: WebSocketLike,
    options: WebSocketAdapterOptions = {},
  ) {
    this.label = options.label ?? (socket.protocol || 'websocket');
    this.maxMessageSize = options.maxMessageSize ?? 65536;
    this.#clock = options.clock ?? systemClock;
    this.#pollMs = options.drainPollMs ?? 10;
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => {
      this.#events.emit('open');
    });
    socket.addEventListener('message', (event) => {
      const data = toChannelData(event.data);
      if (data === undefined) {
        this.#events.emit(
          'error',
          new TransportError(
            'UNSUPPORTED_MESSAGE',
            'WebSocket delivered a message that is neither text nor bytes',
          ),
        );
        return;
      }
      this.#events.emit('message', data);
    });
    socket.addEventListener('error', (event) => {
      this.#events.emit(
        'error',
        event.error instanceof Error
          ? event.error
          : new TransportError('INVALID_STATE', event.message ?? 'WebSocket error'),
      );
    });
    socket.addEventListener('close', (event) => {
      this.#stopDrainWatch();
      this.#events.emit('close', { code: event.code, reason: event.reason });
    });
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  get state(): ChannelState {
    return STATES[this.socket.readyState] ?? 'closed';
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(message: ChannelMessage): void {
    if (this.socket.readyState !== 1) {
      throw new InvalidStateError(`cannot send on WebSocket "${this.label}": it is ${this.state}`);
    }
    const size = messageByteLength(message);
    if (size > this.maxMessageSize) {
      throw new MessageTooLargeError(size, this.maxMessageSize);
    }
    if (typeof message === 'string') {
      this.socket.send(message);
    } else {
      this.socket.send(message as Uint8Array<ArrayBuffer>);
    }
    this.#watchDrain();
  }

  /** Closes with a WebSocket close code (default 1000) and reason. */
  close(code = 1000, reason = ''): void {
    this.socket.close(code, reason);
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

  #watchDrain(): void {
    if (
      this.#drainTimer !== undefined ||
      this.socket.bufferedAmount <= this.bufferedAmountLowThreshold
    ) {
      return;
    }
    const check = (): void => {
      if (this.socket.readyState !== 1) {
        this.#drainTimer = undefined;
        return;
      }
      if (this.socket.bufferedAmount <= this.bufferedAmountLowThreshold) {
        this.#drainTimer = undefined;
        this.#events.emit('bufferedamountlow');
        return;
      }
      this.#drainTimer = this.#clock.setTimeout(check, this.#pollMs);
    };
    this.#drainTimer = this.#clock.setTimeout(check, this.#pollMs);
  }

  #stopDrainWatch(): void {
    if (this.#drainTimer !== undefined) {
      this.#clock.clearTimeout(this.#drainTimer);
      this.#drainTimer = undefined;
    }
  }
}
