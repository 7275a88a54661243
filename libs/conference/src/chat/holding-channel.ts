import type { ChannelMessage, MessageChannel } from '@parley/transport';
import { ChannelView } from '../channels/channel-view.js';

/**
 * A MessageChannel view that holds incoming messages until `release()`, then delivers them (and
 * everything after) to its own listeners. Lets the server read the first message of a channel (to
 * learn the peer's MSRP path) before the engine session that will handle it exists.
 */
export class HoldingChannel extends ChannelView {
  readonly #held: ChannelMessage[] = [];
  #released = false;
  #first = true;

  constructor(
    inner: MessageChannel,
    private readonly onFirstMessage: (message: ChannelMessage) => void,
  ) {
    super(inner);
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

  protected override onInnerMessage(message: ChannelMessage): void {
    if (this.#released) {
      this.events.emit('message', message);
      return;
    }
    this.#held.push(message);
    if (this.#first) {
      this.#first = false;
      this.onFirstMessage(message);
    }
  }
}
