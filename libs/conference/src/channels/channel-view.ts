import {
  MessageChannelBase,
  type ChannelMessage,
  type MessageChannel,
  type Unsubscribe,
} from '@parley/transport';

/**
 * A MessageChannel in front of another one: it forwards the inner channel's events, properties,
 * sends and close. A subclass changes only what it is for (holding incoming messages, delaying
 * sends) by overriding `onInnerMessage`, `onInnerClose`, `send` or `bufferedAmount`. It lets go of
 * the inner channel once that closes.
 */
export abstract class ChannelView extends MessageChannelBase {
  readonly #unsubscribe: Unsubscribe[];

  constructor(readonly inner: MessageChannel) {
    super();
    this.#unsubscribe = [
      inner.on('message', (message) => {
        this.onInnerMessage(message);
      }),
      inner.on('open', () => {
        this.events.emit('open');
      }),
      inner.on('bufferedamountlow', () => {
        this.events.emit('bufferedamountlow');
      }),
      inner.on('error', (error) => {
        this.events.emit('error', error);
      }),
      inner.on('close', (event) => {
        this.onInnerClose();
        this.events.emit('close', event);
        for (const off of this.#unsubscribe) {
          off();
        }
      }),
    ];
  }

  /** A message from the peer: delivered to this view's listeners unless a subclass says otherwise. */
  protected onInnerMessage(message: ChannelMessage): void {
    this.events.emit('message', message);
  }

  /** The inner channel closed; called before this view's `close` event. */
  protected onInnerClose(): void {
    // nothing to drop by default
  }

  get label() {
    return this.inner.label;
  }
  get protocol() {
    return this.inner.protocol;
  }
  get state() {
    return this.inner.state;
  }
  get properties() {
    return this.inner.properties;
  }
  get maxMessageSize() {
    return this.inner.maxMessageSize;
  }
  get bufferedAmount() {
    return this.inner.bufferedAmount;
  }
  get bufferedAmountLowThreshold() {
    return this.inner.bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(value: number) {
    this.inner.bufferedAmountLowThreshold = value;
  }
  send(message: ChannelMessage): void {
    this.inner.send(message);
  }
  close(): void {
    this.inner.close();
  }
}
