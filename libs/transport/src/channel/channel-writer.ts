import { ChannelClosedError, InvalidStateError } from '../errors.js';
import type { ChannelMessage, MessageChannel } from './message-channel.js';

export interface ChannelWriterOptions {
  /** Sends wait while the channel holds this many bytes or more. Default 1 MiB. */
  readonly highWaterMark?: number;
  /** Waiting sends resume when the channel drains to this many bytes. Default 256 KiB. */
  readonly lowWaterMark?: number;
}

interface QueuedWrite {
  readonly message: ChannelMessage;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Back-pressure for a MessageChannel: `write` resolves once the message is handed to the channel,
 * and waits (in order, FIFO) while the channel's bufferedAmount is at or above the high-water mark.
 * A sender awaiting `write` therefore never buffers without bound.
 */
export class ChannelWriter {
  readonly highWaterMark: number;
  readonly lowWaterMark: number;
  readonly #queue: QueuedWrite[] = [];
  #closed = false;

  constructor(
    readonly channel: MessageChannel,
    options: ChannelWriterOptions = {},
  ) {
    this.highWaterMark = options.highWaterMark ?? 1024 * 1024;
    this.lowWaterMark = Math.min(options.lowWaterMark ?? 256 * 1024, this.highWaterMark);
    channel.bufferedAmountLowThreshold = this.lowWaterMark;
    channel.on('bufferedamountlow', () => {
      this.#pump();
    });
    channel.on('close', () => {
      this.#fail(new ChannelClosedError(channel.label));
    });
  }

  /** True when a write now would be sent at once. */
  get writable(): boolean {
    return (
      this.#queue.length === 0 &&
      this.channel.state === 'open' &&
      this.channel.bufferedAmount < this.highWaterMark
    );
  }

  /** Messages waiting for the channel to drain. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Sends `message` as soon as the channel has room. Rejects with InvalidStateError when the channel
   * is not open, ChannelClosedError when it closes first, and whatever `send` throws (MessageTooLargeError).
   */
  write(message: ChannelMessage): Promise<void> {
    if (this.#closed || this.channel.state === 'closing' || this.channel.state === 'closed') {
      return Promise.reject(new ChannelClosedError(this.channel.label));
    }
    if (this.channel.state !== 'open') {
      return Promise.reject(
        new InvalidStateError(`channel "${this.channel.label}" is ${this.channel.state}`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ message, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (
      this.#queue.length > 0 &&
      this.channel.state === 'open' &&
      this.channel.bufferedAmount < this.highWaterMark
    ) {
      const next = this.#queue.shift();
      if (!next) {
        return;
      }
      try {
        this.channel.send(next.message);
        next.resolve();
      } catch (error) {
        next.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  #fail(error: Error): void {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) {
      pending.reject(error);
    }
  }
}
