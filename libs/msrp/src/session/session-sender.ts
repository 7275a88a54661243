import { transactionIdFor } from '../codec/end-line-scanner.js';
import { serializeChunk } from '../codec/chunk-serializer.js';
import { maxChunkBody, type OutgoingContent } from '../chunking/send-chunks.js';
import { MsrpError, MsrpTransactionError } from '../errors.js';
import { essence, isAcceptedType } from '../message/content-type.js';
import {
  HeaderName,
  type MsrpHeader,
  type MsrpRequest,
  type MsrpResponse,
} from '../message/msrp-chunk.js';
import { readRequestFields } from '../message/request-fields.js';
import { MsrpStatus } from '../message/status-codes.js';
import { newMessageId, newTransactionId } from '../message/transaction-id.js';
import { formatPath, msrpUriEquals, type MsrpUri } from '../uri/msrp-uri.js';
import { deferred } from './deferred.js';
import { OutgoingTransfer } from './outgoing-transfer.js';
import { isFromPeer, MAX_NON_SEND_BODY, type SessionCore } from './session-core.js';
import type { OutgoingMessage, ReceivedReport, SendOptions } from './session-types.js';
import { TransactionTable, type Transaction } from './transaction-table.js';
import type { QueuedWrite } from './write-queue.js';

const encoder = new TextEncoder();

export interface SessionSenderOptions {
  readonly maxChunkSize: number;
  readonly remoteAcceptTypes: readonly string[] | undefined;
  readonly remoteMaxSize: number | undefined;
  readonly transactionTimeoutMs: number;
  readonly successReportTimeoutMs: number | undefined;
}

/**
 * The sending half of an MsrpSession: messages cut into chunks and sent round robin, non-SEND
 * requests, their transactions, and what comes back about them (responses, REPORTs).
 */
export class SessionSender {
  readonly #core: SessionCore;
  readonly #maxChunkSize: number;
  readonly #remoteAcceptTypes: readonly string[] | undefined;
  readonly #remoteMaxSize: number | undefined;
  readonly #successReportTimeout: number | undefined;
  readonly #transactions: TransactionTable;
  readonly #transfers = new Map<string, OutgoingTransfer>();
  /** Message-IDs of finished transfers, so late REPORTs about them still surface (bounded). */
  readonly #recentlySent = new Set<string>();
  readonly #refusedTypes = new Set<string>();
  #active: OutgoingTransfer[] = [];
  #turn = 0;

  constructor(core: SessionCore, options: SessionSenderOptions) {
    this.#core = core;
    this.#maxChunkSize = options.maxChunkSize;
    this.#remoteAcceptTypes = options.remoteAcceptTypes;
    this.#remoteMaxSize = options.remoteMaxSize;
    this.#successReportTimeout = options.successReportTimeoutMs;
    this.#transactions = new TransactionTable(
      core.clock,
      options.transactionTimeoutMs,
      (transaction, error) => {
        if (transaction.transfer) {
          this.#failTransfer(transaction.transfer, error, 408);
        }
        transaction.pending?.reject(error);
      },
    );
  }

  /** Messages queued or being sent. */
  get sendingMessages(): number {
    return this.#active.length;
  }

  /** The peer's path; sending before it is known is a state error. */
  #knownRemotePath(): readonly MsrpUri[] {
    const path = this.#core.remotePath;
    if (path === undefined) {
      throw new MsrpError(
        'INVALID_STATE',
        "the peer's path is not known yet: it is learnt from the peer's first request",
      );
    }
    return path;
  }

  /** See MsrpSession.send. */
  send(options: SendOptions): OutgoingMessage {
    if (this.#core.closed) {
      throw new MsrpError('INVALID_STATE', 'the session is closed');
    }
    const remotePath = this.#knownRemotePath();
    const type = essence(options.contentType);
    if (this.#refusedTypes.has(type)) {
      throw new MsrpError(
        'INVALID_ARGUMENT',
        `the peer answered 415 to ${type} in this session (RFC 4975 §10.6)`,
      );
    }
    if (this.#remoteAcceptTypes && !isAcceptedType(options.contentType, this.#remoteAcceptTypes)) {
      throw new MsrpError('INVALID_ARGUMENT', `${type} is not in the peer's accept-types`);
    }
    const body = typeof options.body === 'string' ? encoder.encode(options.body) : options.body;
    if (this.#remoteMaxSize !== undefined && body.length > this.#remoteMaxSize) {
      throw new MsrpError(
        'MESSAGE_TOO_LARGE',
        `${body.length} bytes exceed the peer's max-size ${this.#remoteMaxSize}`,
      );
    }
    const messageId = options.messageId ?? newMessageId();
    if (this.#transfers.has(messageId)) {
      throw new MsrpError('INVALID_ARGUMENT', `message ${messageId} is already being sent`);
    }
    const content: OutgoingContent = {
      messageId,
      toPath: remotePath,
      fromPath: [this.#core.localUri],
      contentType: options.contentType,
      body,
      successReport: options.successReport === true ? 'yes' : undefined,
      failureReport: options.failureReport,
      headers: options.headers,
    };
    const room = maxChunkBody(content, this.#maxChunkSize, 16);
    const transfer = new OutgoingTransfer(content, room, (t) => {
      this.#abortTransfer(t);
    });
    this.#transfers.set(messageId, transfer);
    this.#active.push(transfer);
    this.#core.pump();
    return transfer.handle;
  }

  /** See MsrpSession.request. */
  request(
    method: string,
    headers: readonly MsrpHeader[] = [],
    content?: { readonly contentType: string; readonly body: Uint8Array },
  ): Promise<MsrpResponse> {
    if (this.#core.closed) {
      return Promise.reject(new MsrpError('INVALID_STATE', 'the session is closed'));
    }
    if (method === 'REPORT') {
      return Promise.reject(
        new MsrpError('INVALID_ARGUMENT', 'REPORTs get no response: use sendReport'),
      );
    }
    if (method !== 'SEND' && content && content.body.length > MAX_NON_SEND_BODY) {
      return Promise.reject(
        new MsrpError(
          'INVALID_ARGUMENT',
          `non-SEND bodies are at most ${MAX_NON_SEND_BODY} octets`,
        ),
      );
    }
    const remotePath = this.#core.remotePath;
    if (remotePath === undefined) {
      return Promise.reject(
        new MsrpError(
          'INVALID_STATE',
          "the peer's path is not known yet: it is learnt from the peer's first request",
        ),
      );
    }
    const transactionId = transactionIdFor(content?.body, newTransactionId);
    const request: MsrpRequest = {
      kind: 'request',
      transactionId,
      method,
      headers: [
        { name: HeaderName.ToPath, value: formatPath(remotePath) },
        { name: HeaderName.FromPath, value: formatPath([this.#core.localUri]) },
        ...headers,
        ...(content ? [{ name: HeaderName.ContentType, value: content.contentType }] : []),
      ],
      body: content?.body,
      continuation: '$',
    };
    let bytes: Uint8Array;
    try {
      bytes = serializeChunk(request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const pending = deferred<MsrpResponse>();
    const transaction: Transaction = { transfer: undefined, pending, timer: undefined };
    this.#transactions.add(transactionId, transaction);
    this.#core.writeControl({
      bytes,
      afterWrite: () => {
        this.#startTimer(transactionId, transaction, true);
      },
    });
    return pending.promise;
  }

  /** The next chunk to write: one of each message being sent in turn (round robin). */
  nextChunk(): QueuedWrite | undefined {
    while (this.#active.length > 0) {
      const index = this.#turn % this.#active.length;
      const transfer = this.#active[index] as OutgoingTransfer;
      if (!transfer.hasMore()) {
        this.#active.splice(index, 1);
        continue;
      }
      const { bytes, transactionId, chunkEnd } = this.#serializeNextChunk(transfer);
      if (transfer.hasMore()) {
        this.#turn = index + 1;
      } else {
        this.#active.splice(index, 1);
        this.#turn = index;
      }
      const fr = transfer.failureReport;
      let transaction: Transaction | undefined;
      if (fr !== 'no') {
        transaction = { transfer, pending: undefined, timer: undefined };
        this.#transactions.add(transactionId, transaction);
        if (fr === 'yes') {
          transfer.unanswered.add(transactionId);
        }
      }
      return {
        bytes,
        afterWrite: () => {
          if (transaction) {
            this.#startTimer(transactionId, transaction, fr === 'yes');
          }
          this.#core.events.emit('progress', {
            direction: 'outgoing',
            messageId: transfer.content.messageId,
            bytes: chunkEnd,
            total: transfer.size,
          });
          if (transfer.state === 'written') {
            transfer.written();
            this.#afterWritten(transfer);
          }
        },
      };
    }
    return undefined;
  }

  /** A response to one of our requests. */
  onResponse(response: MsrpResponse): void {
    const transaction = this.#transactions.clear(response.transactionId);
    if (!transaction) {
      return; // A late or unknown response: nothing waits for it.
    }
    transaction.pending?.resolve(response);
    const transfer = transaction.transfer;
    if (!transfer) {
      return;
    }
    if (response.status === 200) {
      transfer.answered(response.transactionId);
      if (transfer.state === 'done') {
        this.#forget(transfer);
      }
      return;
    }
    if (response.status === MsrpStatus.UNSUPPORTED_MEDIA_TYPE) {
      this.#refusedTypes.add(essence(transfer.content.contentType));
    }
    const error =
      response.status === 408
        ? new MsrpTransactionError(
            'TRANSACTION_TIMEOUT',
            `transaction ${response.transactionId} timed out downstream (408)`,
            408,
            response.comment,
          )
        : new MsrpTransactionError(
            'REQUEST_FAILED',
            `message ${transfer.content.messageId}: ${response.status}${response.comment === undefined ? '' : ` ${response.comment}`}`,
            response.status,
            response.comment,
          );
    this.#failTransfer(transfer, error, response.status);
  }

  /** A REPORT about one of our messages (RFC 4975 §7.1.2): never answered; throws what is wrong with it. */
  onReport(request: MsrpRequest): void {
    const fields = readRequestFields(request);
    const to = fields.toPath;
    if (to.length !== 1 || !msrpUriEquals(to[0] as MsrpUri, this.#core.localUri)) {
      throw new MsrpError(
        'PROTOCOL_VIOLATION',
        `REPORT To-Path ${formatPath(to)} does not name this session`,
      );
    }
    const remotePath = this.#core.remotePath;
    if (remotePath !== undefined && !isFromPeer(fields.fromPath, remotePath)) {
      // Never answered (RFC 4975 §7.1.2), only reported.
      throw new MsrpError(
        'UNKNOWN_SENDER',
        `REPORT From-Path ${formatPath(fields.fromPath)} is not the peer of this session`,
      );
    }
    if (fields.messageId === undefined || fields.status === undefined) {
      throw new MsrpError('PROTOCOL_VIOLATION', 'a REPORT needs Message-ID and Status');
    }
    const transfer = this.#transfers.get(fields.messageId);
    if (!transfer && !this.#recentlySent.has(fields.messageId)) {
      return; // Unknown Message-ID: silently ignored (§7.1.2).
    }
    const report: ReceivedReport = {
      messageId: fields.messageId,
      status: fields.status.code,
      comment: fields.status.comment,
      namespace: fields.status.namespace,
      byteRange: fields.byteRange,
      request,
    };
    this.#core.events.emit('report', report);
    if (!transfer) {
      if (report.status !== 200) {
        this.#core.events.emit('sendFailed', {
          messageId: report.messageId,
          error: new MsrpTransactionError(
            'FAILURE_REPORT',
            `failure REPORT ${report.status} for message ${report.messageId}`,
            report.status,
            report.comment,
          ),
        });
      }
      return;
    }
    if (report.status !== 200) {
      this.#failTransfer(
        transfer,
        new MsrpTransactionError(
          'FAILURE_REPORT',
          `failure REPORT ${report.status} for message ${report.messageId}`,
          report.status,
          report.comment,
        ),
        report.status,
      );
      return;
    }
    transfer.report(report);
    if (transfer.state === 'done') {
      this.#forget(transfer);
    }
  }

  /** The session closed: every pending request and message fails with CHANNEL_CLOSED. */
  shutdown(): void {
    const closedError = () => new MsrpError('CHANNEL_CLOSED', 'the session closed');
    for (const transaction of this.#transactions.clearAll()) {
      transaction.pending?.reject(closedError());
    }
    for (const transfer of [...this.#transfers.values()]) {
      transfer.fail(closedError());
    }
    this.#transfers.clear();
    this.#active = [];
  }

  #abortTransfer(transfer: OutgoingTransfer): void {
    if (transfer.state === 'failed' || transfer.state === 'done') {
      return;
    }
    this.#stopSending(transfer, true);
    transfer.aborted();
  }

  /** Removes a transfer from the send rotation; with `hash`, ends what was sent with a `#` chunk. */
  #stopSending(transfer: OutgoingTransfer, hash: boolean): void {
    const index = this.#active.indexOf(transfer);
    if (index >= 0) {
      this.#active.splice(index, 1);
    }
    this.#forget(transfer);
    for (const tid of transfer.unanswered) {
      this.#transactions.clear(tid);
    }
    if (hash && transfer.partlySent && !this.#core.closed) {
      const bytes = serializeChunk(transfer.abortChunk(newTransactionId()));
      this.#core.writeControl({ bytes });
    }
  }

  /** Drops a finished transfer, remembering its Message-ID for late REPORTs. */
  #forget(transfer: OutgoingTransfer): void {
    const id = transfer.content.messageId;
    if (this.#transfers.get(id) !== transfer) {
      return;
    }
    this.#transfers.delete(id);
    this.#recentlySent.add(id);
    if (this.#recentlySent.size > 1024) {
      const oldest = this.#recentlySent.values().next().value;
      if (oldest !== undefined) {
        this.#recentlySent.delete(oldest);
      }
    }
  }

  #failTransfer(transfer: OutgoingTransfer, error: MsrpError, status: number): void {
    if (transfer.state === 'failed' || transfer.state === 'done') {
      return;
    }
    // 413 and 481: send nothing more for this message (RFC 4975 §10.5, §10.8).
    this.#stopSending(transfer, status !== 413 && status !== 481);
    transfer.fail(error);
    this.#core.events.emit('sendFailed', { messageId: transfer.content.messageId, error });
  }

  #serializeNextChunk(transfer: OutgoingTransfer): {
    bytes: Uint8Array;
    transactionId: string;
    chunkEnd: number;
  } {
    // A fresh random id practically never occurs in the body, but RFC 4975 §7.1 makes checking a MUST.
    const from = transfer.next;
    const to = Math.min(transfer.size, from + transfer.room);
    const body = transfer.content.body.subarray(from, to);
    const transactionId = transactionIdFor(body, newTransactionId);
    const chunk = transfer.takeChunk(transactionId);
    return { bytes: serializeChunk(chunk, { checkBody: false }), transactionId, chunkEnd: to };
  }

  #afterWritten(transfer: OutgoingTransfer): void {
    if (transfer.state === 'done') {
      this.#forget(transfer);
      return;
    }
    if (transfer.wantsSuccessReport && this.#successReportTimeout !== undefined) {
      const clock = this.#core.clock;
      const timer = clock.setTimeout(() => {
        this.#failTransfer(
          transfer,
          new MsrpTransactionError(
            'TRANSACTION_TIMEOUT',
            `no success REPORT for ${transfer.content.messageId}`,
            408,
          ),
          408,
        );
      }, this.#successReportTimeout);
      void transfer.handle.done.then(
        () => {
          clock.clearTimeout(timer);
        },
        () => {
          clock.clearTimeout(timer);
        },
      );
    }
    void transfer.handle.done.then(
      () => {
        this.#forget(transfer);
      },
      () => {
        this.#forget(transfer);
      },
    );
  }

  #startTimer(transactionId: string, transaction: Transaction, reportTimeout: boolean): void {
    if (this.#core.closed) {
      return;
    }
    this.#transactions.startTimer(transactionId, transaction, reportTimeout);
  }
}
