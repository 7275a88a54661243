import {
  MessageChannelBase,
  type ChannelMessage,
  type MessageChannel,
  type Unsubscribe,
} from '@parley/transport';

/**
 * A MessageChannel view that holds incoming messages until `release()`, then delivers them (and
 * everything after) to its own listeners. Lets the server read the first message of a channel (to
 * learn the peer's MSRP path) before the engine session that will handle it exists.
 */
export class HoldingChannel extends MessageChannelBase {
  readonly #held: ChannelMessage[] = [];
  #released = false;
  readonly #unsubscribe: Unsubscribe[];

  constructor(
    readonly inner: MessageChannel,
    onFirstMessage: (message: ChannelMessage) => void,
  ) {
    super();
    let first = true;
    this.#unsubscribe = [
      inner.on('message', (message) => {
        if (this.#released) {
          this.events.emit('message', message);
          return;
        }
        this.#held.push(message);
        if (first) {
          first = false;
          onFirstMessage(message);
        }
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
        this.events.emit('close', event);
        for (const off of this.#unsubscribe) {
          off();
        }
      }),
    ];
  }

  /** Delivers what was held, in order, then passes messages straight through. */
  release(): void {
    if (this.#released) {
      return;
    }
    this.#released = true;
    for (const message of this.#held.splice(0)) {
      this.events.emit('message', message);
    }
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
