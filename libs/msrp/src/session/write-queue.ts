import { ChannelWriter, type ChannelWriterOptions, type MessageChannel } from '@parley/transport';

/** One channel message to write, and what to do once the channel took it. */
export interface QueuedWrite {
  readonly bytes: Uint8Array;
  readonly afterWrite?: () => void;
}

export interface WriteQueueSource {
  /** The next chunk of a message being sent, when no control message waits. */
  nextChunk(): QueuedWrite | undefined;
  /** A write the channel refused (it may have closed). */
  writeFailed(reason: Error): void;
}

/**
 * What a session writes, one message at a time under the channel's back-pressure: control
 * messages (responses, REPORTs, non-SEND requests) first, then message chunks from `nextChunk`.
 */
export class WriteQueue {
  readonly #writer: ChannelWriter;
  readonly #control: QueuedWrite[] = [];
  #pumping = false;

  constructor(
    private readonly channel: MessageChannel,
    writerOptions: ChannelWriterOptions | undefined,
    /** Nothing more is written once `closed`. */
    private readonly session: { readonly closed: boolean },
    private readonly source: WriteQueueSource,
  ) {
    this.#writer = new ChannelWriter(channel, writerOptions);
  }

  pushControl(item: QueuedWrite): void {
    this.#control.push(item);
  }

  /** Drops the control messages not written yet (the session closed). */
  clear(): void {
    this.#control.length = 0;
  }

  pump(): void {
    if (this.#pumping || this.session.closed) {
      return;
    }
    this.#pumping = true;
    void this.#drain();
  }

  /**
   * Writes queued items one at a time, awaiting the channel's back-pressure. `#pumping` is cleared
   * in the same synchronous step that finds the queues empty, so an item queued right after is
   * never stranded.
   */
  async #drain(): Promise<void> {
    try {
      while (!this.session.closed && this.channel.state === 'open') {
        const item = this.#control.shift() ?? this.source.nextChunk();
        if (!item) {
          return;
        }
        try {
          await this.#writer.write(item.bytes);
        } catch (error) {
          this.source.writeFailed(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        item.afterWrite?.();
      }
    } finally {
      this.#pumping = false;
    }
  }
}
