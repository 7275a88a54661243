import {
  MessageChannelBase,
  type ChannelMessage,
  type ChannelProperties,
  type ChannelState,
} from '@parley/transport';
import type { DataChannel } from 'node-datachannel';

/**
 * A node-datachannel (libdatachannel) data channel as a MessageChannel.
 *
 * libdatachannel does not expose the reliability a remote peer asked for in its DATA_CHANNEL_OPEN,
 * so for in-band channels `properties` are those the server knows: reliable and ordered unless the
 * caller says otherwise (docs/adr/0003-server-webrtc-stack-and-test-network.md).
 */
export class NodeDataChannelAdapter extends MessageChannelBase {
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
    super();
    this.label = channel.getLabel();
    this.protocol = channel.getProtocol();
    this.#state = channel.isOpen() ? 'open' : 'connecting';
    channel.onOpen(() => {
      this.#opened();
    });
    // The channel may have opened on libdatachannel's thread between isOpen() and onOpen():
    // look again once the callback is in place, so `open` is never missed.
    if (this.#state === 'connecting' && channel.isOpen()) {
      queueMicrotask(() => {
        this.#opened();
      });
    }
    channel.onMessage((message) => {
      this.emitPlatformMessage(message, 'libdatachannel');
    });
    channel.onBufferedAmountLow(() => {
      this.events.emit('bufferedamountlow');
    });
    channel.onError((error) => {
      this.events.emit('error', new Error(`data channel "${this.label}": ${error}`));
    });
    channel.onClosed(() => {
      if (this.#state !== 'closed') {
        this.#state = 'closed';
        this.events.emit('close', {});
      }
    });
  }

  #opened(): void {
    if (this.#state !== 'connecting') {
      return; // already open (the second of the two ways to learn it), or closing
    }
    this.#state = 'open';
    this.events.emit('open');
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
    this.checkSendable(message, 'data channel');
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
}
