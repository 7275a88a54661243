import { systemClock, type Clock, type TimerHandle } from '../clock/clock.js';
import { sendToPlatform, type PlatformSender } from '../channel/channel-data.js';
import { MessageChannelBase } from '../channel/message-channel-base.js';
import type {
  ChannelMessage,
  ChannelProperties,
  ChannelState,
} from '../channel/message-channel.js';

/** The part of the W3C WebSocket this adapter uses (browsers, and the `ws` package's WebSocket). */
export interface WebSocketLike extends PlatformSender {
  readonly protocol: string;
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
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
export class WebSocketAdapter extends MessageChannelBase {
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
    super();
    this.label = options.label ?? (socket.protocol || 'websocket');
    this.maxMessageSize = options.maxMessageSize ?? 65536;
    this.#clock = options.clock ?? systemClock;
    this.#pollMs = options.drainPollMs ?? 10;
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => {
      this.events.emit('open');
    });
    socket.addEventListener('message', (event) => {
      this.emitPlatformMessage(event.data, 'WebSocket');
    });
    socket.addEventListener('error', (event) => {
      this.emitPlatformError(event.error, event.message ?? 'WebSocket error');
    });
    socket.addEventListener('close', (event) => {
      this.#stopDrainWatch();
      this.events.emit('close', { code: event.code, reason: event.reason });
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
    this.checkSendable(message, 'WebSocket');
    sendToPlatform(this.socket, message);
    this.#watchDrain();
  }

  /** Closes with a WebSocket close code (default 1000) and reason. */
  close(code = 1000, reason = ''): void {
    this.socket.close(code, reason);
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
        this.events.emit('bufferedamountlow');
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
