import { InvalidStateError, MessageTooLargeError, TransportError } from '../errors.js';
import { TypedEmitter, type Listener, type Unsubscribe } from '../events/typed-emitter.js';
import { toChannelData } from './channel-data.js';
import {
  messageByteLength,
  type ChannelMessage,
  type ChannelProperties,
  type ChannelState,
  type MessageChannel,
  type MessageChannelEvents,
} from './message-channel.js';

/**
 * What every MessageChannel implementation shares: typed events behind `on`/`off` (the subclass
 * emits through `events`), the checks `send` promises, and the mapping of platform message data
 * and platform errors to events. Extend it to adapt a new transport.
 */
export abstract class MessageChannelBase implements MessageChannel {
  protected readonly events = new TypedEmitter<MessageChannelEvents>();
  abstract readonly label: string;
  abstract readonly protocol: string;
  abstract readonly state: ChannelState;
  abstract readonly properties: ChannelProperties;
  abstract readonly maxMessageSize: number;
  abstract readonly bufferedAmount: number;
  abstract bufferedAmountLowThreshold: number;
  abstract send(message: ChannelMessage): void;
  abstract close(): void;

  on<K extends keyof MessageChannelEvents>(
    event: K,
    listener: Listener<MessageChannelEvents[K]>,
  ): Unsubscribe {
    return this.events.on(event, listener);
  }

  off<K extends keyof MessageChannelEvents>(
    event: K,
    listener: Listener<MessageChannelEvents[K]>,
  ): void {
    this.events.off(event, listener);
  }

  /**
   * Throws what `send` promises (InvalidStateError unless open, MessageTooLargeError above
   * maxMessageSize) and returns the message's byte length. `kind` names the channel in the error
   * (`cannot send on data channel "chat": it is closed`).
   */
  protected checkSendable(message: ChannelMessage, kind: string): number {
    const state = this.state;
    if (state !== 'open') {
      throw new InvalidStateError(`cannot send on ${kind} "${this.label}": it is ${state}`);
    }
    const size = messageByteLength(message);
    if (size > this.maxMessageSize) {
      throw new MessageTooLargeError(size, this.maxMessageSize);
    }
    return size;
  }

  /**
   * Emits platform message data (string, ArrayBuffer, view) as a `message` event; anything else
   * (a Blob...) as an UNSUPPORTED_MESSAGE error, `source` naming who delivered it.
   */
  protected emitPlatformMessage(data: unknown, source: string): void {
    const message = toChannelData(data);
    if (message === undefined) {
      this.events.emit(
        'error',
        new TransportError(
          'UNSUPPORTED_MESSAGE',
          `${source} delivered a message that is neither text nor bytes`,
        ),
      );
      return;
    }
    this.events.emit('message', message);
  }

  /** Emits a platform error event's `error`, or a TransportError saying `fallback` when it has none. */
  protected emitPlatformError(error: unknown, fallback: string): void {
    this.events.emit(
      'error',
      error instanceof Error ? error : new TransportError('INVALID_STATE', fallback),
    );
  }
}
