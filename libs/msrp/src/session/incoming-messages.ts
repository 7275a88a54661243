import { ReassemblyBuffer } from '../chunking/reassembly-buffer.js';
import { MsrpError } from '../errors.js';
import type { ByteRange } from '../message/byte-range.js';
import type { Continuation, MsrpHeader } from '../message/msrp-chunk.js';
import type { MsrpUri } from '../uri/msrp-uri.js';

/** One incoming message being received. */
export interface IncomingEntry {
  readonly messageId: string;
  readonly buffer: ReassemblyBuffer | undefined;
  /** Headers of the first chunk (range-start 1 preferred). */
  headers: readonly MsrpHeader[];
  contentType: string;
  fromPath: readonly MsrpUri[];
}

export interface ChunkPlacement {
  readonly entry: IncomingEntry;
  /** The message body when this chunk completed it. */
  readonly body: Uint8Array | undefined;
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
  readonly aborted: boolean;
}

export interface IncomingLimits {
  readonly maxMessageSize: number;
  readonly maxIncompleteMessages: number;
  readonly maxBufferedBytes: number;
}

/** How many finished Message-IDs are remembered (duplicates, late chunks of rejected messages). */
const REMEMBERED = 1024;

/**
 * The receive side of a session: a virtual buffer per Message-ID (RFC 4975 §7.3.1) within memory
 * limits, and a bounded memory of finished Message-IDs (duplicates §5.4, rejected messages §10.5).
 */
export class IncomingMessages {
  readonly #open = new Map<string, IncomingEntry>();
  readonly #finished = new Map<string, number>();

  constructor(private readonly limits: IncomingLimits) {}

  /** The status a rejected message was answered with, if it was rejected. */
  rejection(messageId: string): number | undefined {
    const status = this.#finished.get(messageId);
    return status === undefined || status === 200 ? undefined : status;
  }

  wasDelivered(messageId: string): boolean {
    return this.#finished.get(messageId) === 200;
  }

  /** Messages not yet complete. */
  get openMessages(): IncomingEntry[] {
    return [...this.#open.values()];
  }

  /**
   * Places one chunk. A whole message in one chunk (no Byte-Range or range-start 1, flag `$`,
   * §7.3.1) is returned without copying. Throws `MsrpError('MESSAGE_TOO_LARGE')` for limits.
   */
  place(
    messageId: string,
    range: ByteRange | undefined,
    body: Uint8Array,
    continuation: Continuation,
    headers: readonly MsrpHeader[],
    contentType: string,
    fromPath: readonly MsrpUri[],
  ): ChunkPlacement {
    const existing = this.#open.get(messageId);
    if (!existing && continuation === '$' && (range === undefined || range.start === 1)) {
      if (body.length > this.limits.maxMessageSize) {
        throw new MsrpError(
          'MESSAGE_TOO_LARGE',
          `message ${messageId} exceeds ${this.limits.maxMessageSize} bytes`,
        );
      }
      const entry: IncomingEntry = { messageId, buffer: undefined, headers, contentType, fromPath };
      return { entry, body, receivedBytes: body.length, totalBytes: body.length, aborted: false };
    }
    let entry = existing;
    if (!entry) {
      if (continuation === '#') {
        // Abort of a message we hold nothing of.
        const empty: IncomingEntry = {
          messageId,
          buffer: undefined,
          headers,
          contentType,
          fromPath,
        };
        return {
          entry: empty,
          body: undefined,
          receivedBytes: 0,
          totalBytes: undefined,
          aborted: true,
        };
      }
      if (this.#open.size >= this.limits.maxIncompleteMessages) {
        throw new MsrpError(
          'MESSAGE_TOO_LARGE',
          `more than ${this.limits.maxIncompleteMessages} incomplete messages`,
        );
      }
      entry = {
        messageId,
        buffer: new ReassemblyBuffer(messageId, this.limits.maxMessageSize),
        headers,
        contentType,
        fromPath,
      };
      this.#open.set(messageId, entry);
    } else if (range?.start === 1) {
      entry.headers = headers;
      entry.contentType = contentType;
    }
    const buffer = entry.buffer as ReassemblyBuffer;
    buffer.write(range, body, continuation);
    if (this.#memory() > this.limits.maxBufferedBytes) {
      this.#open.delete(messageId);
      throw new MsrpError(
        'MESSAGE_TOO_LARGE',
        `incomplete messages exceed ${this.limits.maxBufferedBytes} bytes`,
      );
    }
    if (buffer.aborted) {
      this.#open.delete(messageId);
      return {
        entry,
        body: undefined,
        receivedBytes: buffer.receivedBytes,
        totalBytes: buffer.totalBytes,
        aborted: true,
      };
    }
    const complete = buffer.complete;
    if (complete) {
      this.#open.delete(messageId);
    }
    return {
      entry,
      body: complete ? buffer.bytes() : undefined,
      receivedBytes: buffer.receivedBytes,
      totalBytes: buffer.totalBytes,
      aborted: false,
    };
  }

  /** Forgets an open message. */
  drop(messageId: string): IncomingEntry | undefined {
    const entry = this.#open.get(messageId);
    this.#open.delete(messageId);
    return entry;
  }

  /** Remembers how a message ended (200 = delivered). */
  finish(messageId: string, status: number): void {
    this.#open.delete(messageId);
    this.#finished.delete(messageId);
    this.#finished.set(messageId, status);
    if (this.#finished.size > REMEMBERED) {
      const oldest = this.#finished.keys().next().value;
      if (oldest !== undefined) {
        this.#finished.delete(oldest);
      }
    }
  }

  #memory(): number {
    let total = 0;
    for (const entry of this.#open.values()) {
      total += entry.buffer?.memoryBytes ?? 0;
    }
    return total;
  }
}
