import {
  InvalidStateError,
  messageByteLength,
  MessageTooLargeError,
  TypedEmitter,
  type ChannelMessage,
  type ChannelProperties,
  type ChannelState,
  type Listener,
  type MessageChannel,
  type MessageChannelEvents,
  type Unsubscribe,
} from '@parley/transport';
import type { DataChannel } from 'node-datachannel';

/**
 * A node-datachannel (libdatachannel) data channel as a MessageChannel.
 *
 * libdatachannel does not expose the reliability a remote peer asked for in its DATA_CHANNEL_OPEN,
 * so for in-band channels `properties` are those the server knows: reliable and ordered unless the
 * caller says otherwise (see docs/adr/0003-server-webrtc-stack.md).
 */
export class NodeDataChannelAdapter implements MessageChannel {
  readonly #events = new TypedEmitter<MessageChannelEvents>();
  #state: ChannelState;
  #lowThreshold = 0;
  readonly label: string;
  readonly protocol: string;

  constructor(
    readonly channel: DataChannel,
    readonly properties: ChannelProperties,
    /** The remote peer's max-message-size. */
    readonly maxMessageSize: number,
  ) {
    this.label = channel.getLabel();
    this.protocol = channel.getProtocol();
    this.#state = channel.isOpen() ? 'open' : 'connecting';
    channel.onOpen(() => {
      this.#state = 'open';
      this.#events.emit('open');
    });
    channel.onMessage((message) => {
      if (typeof message === 'string') {
        this.#events.emit('message', message);
      } else {
        const bytes =
          message instanceof ArrayBuffer
            ? new Uint8Array(message)
            : new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
        this.#events.emit('message', bytes);
      }
    });
    channel.onBufferedAmountLow(() => {
      this.#events.emit('bufferedamountlow');
    });
    channel.onError((error) => {
      this.#events.emit('error', new Error(`data channel "${this.label}": ${error}`));
    });
    channel.onClosed(() => {
      if (this.#state !== 'closed') {
        this.#state = 'closed';
        this.#events.emit('close', {});
      }
    });
  }

  get state(): ChannelState {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.#state === 'closed' ? 0 : this.channel.bufferedAmount();
  }

  get bufferedAmountLowThreshold(): number {
    return this.#lowThreshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    this.#lowThreshold = value;
    this.channel.setBufferedAmountLowThreshold(value);
  }

  send(message: ChannelMessage): void {
    if (this.#state !== 'open') {
      throw new InvalidStateError(
        `cannot send on data channel "${this.label}": it is ${this.#state}`,
      );
    }
    const size = messageByteLength(message);
    if (size > this.maxMessageSize) {
      throw new MessageTooLargeError(size, this.maxMessageSize);
    }
    if (typeof message === 'string') {
      this.channel.sendMessage(message);
    } else {
      this.channel.sendMessageBinary(message);
    }
  }

  close(): void {
    if (this.#state === 'closed' || this.#state === 'closing') {
      return;
    }
    this.#state = 'closing';
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
