import { messageByteLength, type ChannelMessage, type MessageChannel } from '@parley/transport';
import { ChannelView } from './channel-view.js';

/**
 * A MessageChannel view whose outgoing messages wait for a barrier: each batch of sends goes out,
 * in order, once `barrier()` (asked after the synchronous work that produced the sends has
 * finished) has resolved. The floor control uses it so that no BFCP answer or notification reaches
 * anyone before the floor event behind it is stored. Incoming messages pass straight through.
 */
export class GatedSendChannel extends ChannelView {
  readonly #queue: ChannelMessage[] = [];
  #queuedBytes = 0;
  #flushing = false;

  constructor(
    inner: MessageChannel,
    private readonly barrier: () => Promise<unknown>,
    private readonly onSendError: (error: unknown) => void = () => undefined,
  ) {
    super(inner);
  }

  /** Checks the message now (state, size: the same errors as the inner channel), sends it later. */
  override send(message: ChannelMessage): void {
    this.#queuedBytes += this.checkSendable(message, 'channel');
    this.#queue.push(message);
    if (!this.#flushing) {
      this.#flushing = true;
      void this.#flush();
    }
  }

  /** What the inner channel buffers plus what waits here. */
  override get bufferedAmount() {
    return this.inner.bufferedAmount + this.#queuedBytes;
  }

  protected override onInnerClose(): void {
    this.#queue.length = 0;
    this.#queuedBytes = 0;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        // Let the operation that is sending finish (and chain its writes) before asking. Only
        // what is queued now goes out after this barrier: later sends wait for a later one.
        await Promise.resolve();
        const count = this.#queue.length;
        await this.barrier();
        for (const message of this.#queue.splice(0, count)) {
          this.#queuedBytes -= messageByteLength(message);
          if (this.inner.state === 'open') {
            try {
              this.inner.send(message);
            } catch (error) {
              this.onSendError(error);
            }
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }
}
