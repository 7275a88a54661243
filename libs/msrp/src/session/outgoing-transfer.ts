import { RangeSet } from '../chunking/range-set.js';
import { buildSendChunk, type OutgoingContent } from '../chunking/send-chunks.js';
import { MsrpError, MsrpTransactionError } from '../errors.js';
import type { MsrpRequest } from '../message/msrp-chunk.js';
import { deferred } from './deferred.js';
import type { OutgoingMessage, ReceivedReport, SendResult } from './session-types.js';

export type TransferState = 'sending' | 'written' | 'done' | 'failed';

/**
 * Send-side bookkeeping of one message (RFC 4975 §7.1.1): which octets went out, which chunk
 * transactions are answered, which octets success REPORTs cover.
 */
export class OutgoingTransfer {
  state: TransferState = 'sending';
  /** Next octet to send (0-based). */
  next = 0;
  #chunksSent = 0;
  /** Transactions sent and not yet answered (Failure-Report yes). */
  readonly unanswered = new Set<string>();
  readonly #reported = new RangeSet();
  readonly #reports: ReceivedReport[] = [];
  readonly #acknowledged = deferred<undefined>();
  readonly #done = deferred<SendResult>();
  readonly handle: OutgoingMessage;

  constructor(
    readonly content: OutgoingContent,
    /** Largest body per chunk. */
    readonly room: number,
    private readonly onAbort: (transfer: OutgoingTransfer) => void,
  ) {
    const sent = () => this.next;
    this.handle = {
      messageId: content.messageId,
      size: content.body.length,
      get sentBytes() {
        return sent();
      },
      acknowledged: this.#acknowledged.promise.then(() => undefined),
      done: this.#done.promise,
      abort: () => {
        onAbort(this);
      },
    };
    void this.handle.acknowledged.catch(() => undefined);
  }

  get size(): number {
    return this.content.body.length;
  }

  get failureReport(): 'yes' | 'no' | 'partial' {
    return this.content.failureReport ?? 'yes';
  }

  get wantsSuccessReport(): boolean {
    return this.content.successReport === 'yes';
  }

  /** True while chunks remain to be sent. */
  hasMore(): boolean {
    return this.state === 'sending' && (this.next < this.size || this.#chunksSent === 0);
  }

  /** True once some octets went out but not all: an abort then needs a `#` chunk. */
  get partlySent(): boolean {
    return this.#chunksSent > 0 && this.next < this.size;
  }

  /** The next chunk; advances the send position. */
  takeChunk(transactionId: string): MsrpRequest {
    const from = this.next;
    const to = Math.min(this.size, from + this.room);
    const chunk = buildSendChunk(
      this.content,
      transactionId,
      from,
      to,
      to === this.size ? '$' : '+',
    );
    this.next = to;
    this.#chunksSent++;
    if (to === this.size) {
      this.state = 'written';
    }
    return chunk;
  }

  /** The `#` chunk that ends a partly sent message. */
  abortChunk(transactionId: string): MsrpRequest {
    return buildSendChunk(this.content, transactionId, this.next, this.next, '#');
  }

  /** A chunk transaction was answered 200. */
  answered(transactionId: string): void {
    this.unanswered.delete(transactionId);
    this.#settle();
  }

  /** All chunks written (called after the last write). */
  written(): void {
    this.#settle();
  }

  report(report: ReceivedReport): void {
    if (this.state === 'failed' || this.state === 'done') {
      return;
    }
    if (report.status !== 200) {
      this.fail(
        new MsrpTransactionError(
          'FAILURE_REPORT',
          `failure REPORT ${report.status} for message ${this.content.messageId}`,
          report.status,
          report.comment,
        ),
      );
      return;
    }
    this.#reports.push(report);
    const range = report.byteRange;
    if (range) {
      const end = range.end === '*' ? this.size : range.end;
      this.#reported.add(range.start - 1, end);
    } else {
      this.#reported.add(0, this.size);
    }
    this.#settle();
  }

  /** Ends the transfer with an error (idempotent). */
  fail(error: MsrpError): void {
    if (this.state === 'failed' || this.state === 'done') {
      return;
    }
    this.state = 'failed';
    this.unanswered.clear();
    this.#acknowledged.reject(error);
    this.#done.reject(error);
  }

  aborted(): void {
    this.fail(
      new MsrpError('MESSAGE_ABORTED', `message ${this.content.messageId} aborted by the sender`),
    );
  }

  #settle(): void {
    if (this.state !== 'written') {
      return;
    }
    if (this.failureReport === 'yes' && this.unanswered.size > 0) {
      return;
    }
    this.#acknowledged.resolve(undefined);
    if (this.wantsSuccessReport && !this.#reported.coversPrefix(this.size)) {
      return;
    }
    this.state = 'done';
    this.#done.resolve({
      messageId: this.content.messageId,
      size: this.size,
      reports: this.#reports,
    });
  }
}
