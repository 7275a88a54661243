import {
  ChannelWriter,
  systemClock,
  TypedEmitter,
  type ChannelMessage,
  type Clock,
  type Listener,
  type MessageChannel,
  type TimerHandle,
  type Unsubscribe,
} from '@parley/transport';
import { EndLineScanner } from '../codec/end-line-scanner.js';
import { MsrpParser } from '../codec/chunk-parser.js';
import { serializeChunk } from '../codec/chunk-serializer.js';
import { maxChunkBody, type OutgoingContent } from '../chunking/send-chunks.js';
import { MsrpError, MsrpParseError, MsrpTransactionError } from '../errors.js';
import { formatByteRange, type ByteRange } from '../message/byte-range.js';
import { buildReport, buildResponse } from '../message/chunk-builders.js';
import { essence, isAcceptedType } from '../message/content-type.js';
import {
  getHeader,
  HeaderName,
  type MsrpChunk,
  type MsrpHeader,
  type MsrpRequest,
  type MsrpResponse,
} from '../message/msrp-chunk.js';
import { parseFailureReport } from '../message/report-headers.js';
import { readRequestFields, type RequestFields } from '../message/request-fields.js';
import { MsrpStatus } from '../message/status-codes.js';
import { newMessageId, newTransactionId } from '../message/transaction-id.js';
import { parseUseNickname, formatUseNickname } from '../message/use-nickname.js';
import { formatPath, msrpUriEquals, parsePath, type MsrpUri } from '../uri/msrp-uri.js';
import { deferred, type Deferred } from './deferred.js';
import { IncomingMessages, type ChunkPlacement } from './incoming-messages.js';
import { OutgoingTransfer } from './outgoing-transfer.js';
import type {
  MsrpDecision,
  MsrpSessionEvents,
  MsrpSessionHooks,
  MsrpSessionOptions,
  OutgoingMessage,
  ReceivedMessage,
  ReceivedReport,
  SendOptions,
} from './session-types.js';

const encoder = new TextEncoder();

/** Non-SEND request bodies are capped at 10240 octets (RFC 4975 §7.1). */
const MAX_NON_SEND_BODY = 10240;

interface Transaction {
  readonly transfer: OutgoingTransfer | undefined;
  readonly pending: Deferred<MsrpResponse> | undefined;
  /** Undefined until the request is written. */
  timer: TimerHandle;
}

interface QueuedWrite {
  readonly bytes: Uint8Array;
  readonly afterWrite?: () => void;
}

function decisionOf(decision: MsrpDecision): { status: number; comment: string | undefined } {
  return typeof decision === 'number'
    ? { status: decision, comment: undefined }
    : { status: decision.status, comment: decision.comment };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

function toPath(value: readonly MsrpUri[] | string): readonly MsrpUri[] {
  return typeof value === 'string' ? parsePath(value) : value;
}

/**
 * One MSRP session (RFC 4975) bound to one MessageChannel: a data channel (RFC 8873, one session per
 * channel) or a WebSocket (RFC 7977). It answers incoming requests, reassembles messages, sends
 * messages in chunks interleaved with each other and with responses and REPORTs, runs the
 * transaction timers on the injected clock, and never throws on bad input: malformed input gets the
 * RFC's answer when a transaction id can be recovered, and an `error` event in every case.
 */
export class MsrpSession {
  readonly channel: MessageChannel;
  readonly localPath: readonly MsrpUri[];
  readonly remotePath: readonly MsrpUri[];
  /** The URI that identifies this session here (the last URI of the local path). */
  readonly localUri: MsrpUri;
  readonly maxChunkSize: number;
  readonly #events = new TypedEmitter<MsrpSessionEvents>();
  readonly #clock: Clock;
  readonly #writer: ChannelWriter;
  readonly #framing: 'message' | 'stream';
  readonly #parser: MsrpParser;
  readonly #incoming: IncomingMessages;
  readonly #transfers = new Map<string, OutgoingTransfer>();
  readonly #transactions = new Map<string, Transaction>();
  /** Message-IDs of finished transfers, so late REPORTs about them still surface (bounded). */
  readonly #recentlySent = new Set<string>();
  /** Message-IDs the application reported on while handling their `message` event. */
  #reportedDuringDelivery: Set<string> | undefined;
  readonly #control: QueuedWrite[] = [];
  #active: OutgoingTransfer[] = [];
  #turn = 0;
  #pumping = false;
  #closed = false;
  readonly #refusedTypes = new Set<string>();
  readonly #hooks: MsrpSessionHooks;
  readonly #acceptTypes: readonly string[];
  readonly #remoteAcceptTypes: readonly string[] | undefined;
  readonly #remoteMaxSize: number | undefined;
  readonly #transactionTimeout: number;
  readonly #successReportTimeout: number | undefined;
  readonly #autoSuccessReport: boolean;
  readonly #unsubscribe: Unsubscribe[] = [];

  constructor(options: MsrpSessionOptions) {
    this.channel = options.channel;
    this.localPath = toPath(options.localPath);
    this.remotePath = toPath(options.remotePath);
    const localUri = this.localPath[this.localPath.length - 1];
    if (!localUri || this.remotePath.length === 0) {
      throw new MsrpError('INVALID_ARGUMENT', 'localPath and remotePath need at least one URI');
    }
    this.localUri = localUri;
    this.#clock = options.clock ?? systemClock;
    this.#framing = options.framing ?? 'message';
    const channelLimit = this.channel.maxMessageSize;
    this.maxChunkSize = options.maxChunkSize ?? Math.min(channelLimit, 16384);
    if (this.maxChunkSize > channelLimit) {
      throw new MsrpError(
        'INVALID_ARGUMENT',
        `maxChunkSize ${this.maxChunkSize} exceeds the channel's maxMessageSize ${channelLimit}`,
      );
    }
    const maxMessageSize = options.maxMessageSize ?? 16 * 1024 * 1024;
    this.#parser = new MsrpParser({
      maxHeaderBytes: options.maxHeaderBytes,
      maxChunkBodyBytes: Math.min(maxMessageSize, 16 * 1024 * 1024) + 1,
    });
    this.#incoming = new IncomingMessages({
      maxMessageSize,
      maxIncompleteMessages: options.maxIncompleteMessages ?? 32,
      maxBufferedBytes: options.maxBufferedBytes ?? 64 * 1024 * 1024,
    });
    this.#hooks = options.hooks ?? {};
    this.#acceptTypes = options.acceptTypes ?? ['*'];
    this.#remoteAcceptTypes = options.remoteAcceptTypes;
    this.#remoteMaxSize = options.remoteMaxSize;
    this.#transactionTimeout = options.transactionTimeoutMs ?? 30_000;
    this.#successReportTimeout = options.successReportTimeoutMs;
    this.#autoSuccessReport = options.autoSuccessReport ?? true;
    this.#writer = new ChannelWriter(this.channel, options.writer);
    this.#unsubscribe.push(
      this.channel.on('message', (message) => {
        this.#receive(message);
      }),
      this.channel.on('close', () => {
        this.#shutdown();
      }),
      this.channel.on('open', () => {
        this.#pump();
      }),
    );
    if (this.channel.state === 'closed') {
      this.#shutdown();
    }
  }

  on<K extends keyof MsrpSessionEvents>(
    event: K,
    listener: Listener<MsrpSessionEvents[K]>,
  ): Unsubscribe {
    return this.#events.on(event, listener);
  }

  once<K extends keyof MsrpSessionEvents>(
    event: K,
    listener: Listener<MsrpSessionEvents[K]>,
  ): Unsubscribe {
    return this.#events.once(event, listener);
  }

  off<K extends keyof MsrpSessionEvents>(event: K, listener: Listener<MsrpSessionEvents[K]>): void {
    this.#events.off(event, listener);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Messages queued or being sent. */
  get sendingMessages(): number {
    return this.#active.length;
  }

  // ---------------------------------------------------------------- sending

  /**
   * Queues a message. It is cut into chunks of at most `maxChunkSize` bytes, interleaved with the
   * chunks of other messages (round robin) and preceded by pending responses and REPORTs.
   * Throws `MsrpError` for what the session can tell is not sendable (closed session, a type the
   * peer refused or did not list, a message above the peer's max-size).
   */
  send(options: SendOptions): OutgoingMessage {
    if (this.#closed) {
      throw new MsrpError('INVALID_STATE', 'the session is closed');
    }
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
      toPath: this.remotePath,
      fromPath: [this.localUri],
      contentType: options.contentType,
      body,
      successReport: options.successReport === true ? 'yes' : undefined,
      failureReport: options.failureReport,
      headers: options.headers,
    };
    const room = maxChunkBody(content, this.maxChunkSize, 16);
    const transfer = new OutgoingTransfer(content, room, (t) => {
      this.#abortTransfer(t);
    });
    this.#transfers.set(messageId, transfer);
    this.#active.push(transfer);
    this.#pump();
    return transfer.handle;
  }

  /**
   * Sends a bodiless SEND (RFC 4975 §5.4, RFC 8873 §4.4: what the active endpoint sends as soon as
   * the channel is open; also a keep-alive, RFC 7977 §7.4). Resolves on 200.
   */
  async sendBodiless(): Promise<void> {
    const response = await this.request('SEND', [
      { name: HeaderName.MessageId, value: newMessageId() },
      { name: HeaderName.ByteRange, value: formatByteRange({ start: 1, end: 0, total: 0 }) },
    ]);
    if (response.status !== 200) {
      throw new MsrpTransactionError(
        'REQUEST_FAILED',
        `bodiless SEND answered ${response.status}`,
        response.status,
        response.comment,
      );
    }
  }

  /** Asks the switch for a nickname (RFC 7701 §7.1); empty = remove it (§7.3). Resolves with the response (200, 424, 425, 403...). */
  requestNickname(nickname: string): Promise<MsrpResponse> {
    return this.request('NICKNAME', [
      { name: HeaderName.UseNickname, value: formatUseNickname(nickname) },
    ]);
  }

  /**
   * Sends a non-SEND request (not chunked, body at most 10240 octets) and resolves with its
   * response, whatever its status. Rejects with a 408 `MsrpTransactionError` after the transaction
   * timeout, or when the session closes.
   */
  request(
    method: string,
    headers: readonly MsrpHeader[] = [],
    content?: { readonly contentType: string; readonly body: Uint8Array },
  ): Promise<MsrpResponse> {
    if (this.#closed) {
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
    const transactionId = newTransactionId();
    const request: MsrpRequest = {
      kind: 'request',
      transactionId,
      method,
      headers: [
        { name: HeaderName.ToPath, value: formatPath(this.remotePath) },
        { name: HeaderName.FromPath, value: formatPath([this.localUri]) },
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
    this.#transactions.set(transactionId, transaction);
    this.#control.push({
      bytes,
      afterWrite: () => {
        this.#startTimer(transactionId, transaction, true);
      },
    });
    this.#pump();
    return pending.promise;
  }

  /**
   * Sends a REPORT about a received message (RFC 4975 §7.1.3, §7.1.4): status 200 for a success
   * report (only when the message asked for one), an error code for a failure report (never when
   * it said Failure-Report: no). `byteRange` defaults to the whole message. Returns false when the
   * report flags forbid it, or the session is closed.
   */
  sendReport(
    message: Pick<ReceivedMessage, 'messageId' | 'fromPath' | 'successReport' | 'failureReport'> & {
      readonly body?: Uint8Array;
    },
    status: number,
    options: { readonly byteRange?: ByteRange; readonly comment?: string } = {},
  ): boolean {
    if (this.#closed) {
      return false;
    }
    if (status === 200 ? message.successReport !== 'yes' : message.failureReport === 'no') {
      return false;
    }
    this.#reportedDuringDelivery?.add(message.messageId);
    const size = message.body?.length ?? 0;
    const report = buildReport({
      transactionId: newTransactionId(),
      toPath: message.fromPath,
      fromPath: [this.localUri],
      messageId: message.messageId,
      byteRange: options.byteRange ?? { start: 1, end: size, total: size },
      status,
      comment: options.comment,
    });
    this.#control.push({ bytes: serializeChunk(report) });
    this.#pump();
    return true;
  }

  /** Ends the session: closes the channel (RFC 8873 §4.6), fails what is pending. */
  close(): void {
    if (this.channel.state === 'open' || this.channel.state === 'connecting') {
      this.channel.close();
    }
    this.#shutdown();
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
      this.#clearTransaction(tid);
    }
    if (hash && transfer.partlySent && !this.#closed) {
      const bytes = serializeChunk(transfer.abortChunk(newTransactionId()));
      this.#control.push({ bytes });
      this.#pump();
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
    this.#events.emit('sendFailed', { messageId: transfer.content.messageId, error });
  }

  #pump(): void {
    if (this.#pumping || this.#closed) {
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
      while (!this.#closed && this.#channelOpen()) {
        const item = this.#nextWrite();
        if (!item) {
          return;
        }
        try {
          await this.#writer.write(item.bytes);
        } catch (error) {
          const reason = error instanceof Error ? error : new Error(String(error));
          this.#events.emit(
            'error',
            new MsrpError('CHANNEL_CLOSED', `write failed: ${reason.message}`, { cause: reason }),
          );
          if (!this.#channelOpen()) {
            this.#shutdown();
            return;
          }
          continue;
        }
        item.afterWrite?.();
      }
    } finally {
      this.#pumping = false;
    }
  }

  #channelOpen(): boolean {
    return this.channel.state === 'open';
  }

  #nextWrite(): QueuedWrite | undefined {
    const control = this.#control.shift();
    if (control) {
      return control;
    }
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
        this.#transactions.set(transactionId, transaction);
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
          this.#events.emit('progress', {
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

  #serializeNextChunk(transfer: OutgoingTransfer): {
    bytes: Uint8Array;
    transactionId: string;
    chunkEnd: number;
  } {
    // A fresh random id practically never occurs in the body, but RFC 4975 §7.1 makes checking a MUST.
    const from = transfer.next;
    const to = Math.min(transfer.size, from + transfer.room);
    const body = transfer.content.body.subarray(from, to);
    let transactionId = newTransactionId();
    while (new EndLineScanner(transactionId).occursIn(body)) {
      transactionId = newTransactionId();
    }
    const chunk = transfer.takeChunk(transactionId);
    return { bytes: serializeChunk(chunk, { checkBody: false }), transactionId, chunkEnd: to };
  }

  #afterWritten(transfer: OutgoingTransfer): void {
    if (transfer.state === 'done') {
      this.#forget(transfer);
      return;
    }
    if (transfer.wantsSuccessReport && this.#successReportTimeout !== undefined) {
      const timer = this.#clock.setTimeout(() => {
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
          this.#clock.clearTimeout(timer);
        },
        () => {
          this.#clock.clearTimeout(timer);
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
    if (this.#closed || !this.#transactions.has(transactionId)) {
      return;
    }
    transaction.timer = this.#clock.setTimeout(() => {
      this.#transactions.delete(transactionId);
      if (!reportTimeout) {
        return; // Failure-Report: partial: no answer is success.
      }
      const error = new MsrpTransactionError(
        'TRANSACTION_TIMEOUT',
        `no response to transaction ${transactionId} within ${this.#transactionTimeout} ms`,
        408,
      );
      if (transaction.transfer) {
        this.#failTransfer(transaction.transfer, error, 408);
      }
      transaction.pending?.reject(error);
    }, this.#transactionTimeout);
  }

  #clearTransaction(transactionId: string): Transaction | undefined {
    const transaction = this.#transactions.get(transactionId);
    if (transaction) {
      this.#transactions.delete(transactionId);
      if (transaction.timer !== undefined) {
        this.#clock.clearTimeout(transaction.timer);
      }
    }
    return transaction;
  }

  // -------------------------------------------------------------- receiving

  #receive(message: ChannelMessage): void {
    if (this.#closed) {
      return;
    }
    const bytes = typeof message === 'string' ? encoder.encode(message) : message;
    if (this.#framing === 'message') {
      // One channel message holds one chunk (RFC 8873 §5.4, RFC 7977 §5.2). A peer that packs
      // several gets them all processed; a chunk cut by the end of the message is malformed
      // (TRUNCATED) instead of waiting for bytes that belong to no chunk.
      const parser = new MsrpParser({
        maxHeaderBytes: this.#parser.maxHeaderBytes,
        maxChunkBodyBytes: this.#parser.maxChunkBodyBytes,
      });
      parser.push(bytes);
      for (;;) {
        let chunk: MsrpChunk | undefined;
        try {
          chunk = parser.next();
        } catch (error) {
          this.#onParseError(error);
          return;
        }
        if (!chunk) {
          break;
        }
        this.#dispatchSafely(chunk);
      }
      if (parser.bufferedBytes > 0) {
        this.#onParseError(
          new MsrpParseError(
            'TRUNCATED',
            'the channel message ends inside a chunk',
            bytes.length,
            parser.partial ?? {},
          ),
        );
      }
      return;
    }
    this.#parser.push(bytes);
    for (;;) {
      let chunk: MsrpChunk | undefined;
      try {
        chunk = this.#parser.next();
      } catch (error) {
        this.#onParseError(error);
        return;
      }
      if (!chunk) {
        return;
      }
      this.#dispatchSafely(chunk);
    }
  }

  #dispatchSafely(chunk: MsrpChunk): void {
    try {
      if (chunk.kind === 'response') {
        this.#onResponse(chunk);
      } else {
        this.#onRequest(chunk);
      }
    } catch (error) {
      this.#emitError(error);
    }
  }

  #emitError(error: unknown): void {
    this.#events.emit(
      'error',
      error instanceof MsrpError
        ? error
        : new MsrpError(
            'PROTOCOL_VIOLATION',
            error instanceof Error ? error.message : String(error),
            { cause: error },
          ),
    );
  }

  #onParseError(error: unknown): void {
    this.#emitError(error);
    if (!(error instanceof MsrpParseError)) {
      return;
    }
    const { transactionId, method, headers } = error.partial;
    if (transactionId === undefined || method === undefined || method === 'REPORT' || !headers) {
      return;
    }
    const partial = { headers };
    let fromPath: MsrpUri[];
    let failureReport: 'yes' | 'no' | 'partial' = 'yes';
    try {
      fromPath = parsePath(getHeader(partial, HeaderName.FromPath) ?? '');
      if (method === 'SEND') {
        failureReport = parseFailureReport(getHeader(partial, HeaderName.FailureReport));
      }
    } catch {
      return; // Nowhere to send an answer.
    }
    if (failureReport === 'no') {
      return;
    }
    const request: MsrpRequest = {
      kind: 'request',
      transactionId,
      method,
      headers,
      body: undefined,
      continuation: '$',
    };
    const status =
      error.code === 'CHUNK_TOO_LARGE' ? MsrpStatus.STOP_SENDING : MsrpStatus.BAD_REQUEST;
    this.#queueResponse(buildResponse(request, fromPath, this.localUri, status));
  }

  #onResponse(response: MsrpResponse): void {
    const transaction = this.#clearTransaction(response.transactionId);
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

  #onRequest(request: MsrpRequest): void {
    if (request.method === 'REPORT') {
      this.#onReport(request);
      return;
    }
    let fields: RequestFields;
    try {
      fields = readRequestFields(request);
    } catch (error) {
      this.#emitError(error);
      this.#answerUnreadable(request);
      return;
    }
    const to = fields.toPath;
    if (to.length !== 1 || !msrpUriEquals(to[0] as MsrpUri, this.localUri)) {
      this.#emitError(
        new MsrpError(
          'PROTOCOL_VIOLATION',
          `To-Path ${formatPath(to)} does not name this session (481)`,
        ),
      );
      this.#respond(request, fields, MsrpStatus.NO_SUCH_SESSION);
      return;
    }
    if (
      request.method !== 'SEND' &&
      request.body !== undefined &&
      request.body.length > MAX_NON_SEND_BODY
    ) {
      this.#respond(request, fields, MsrpStatus.STOP_SENDING);
      return;
    }
    switch (request.method) {
      case 'SEND':
        this.#onSend(request, fields);
        return;
      case 'NICKNAME':
        this.#onNickname(request, fields);
        return;
      default: {
        const hook = this.#hooks.request;
        if (!hook) {
          this.#respond(request, fields, MsrpStatus.NOT_IMPLEMENTED);
          return;
        }
        this.#decide(
          () => hook({ request, fields }),
          (decision) => {
            this.#respond(request, fields, decision.status, decision.comment);
          },
        );
      }
    }
  }

  /** A request whose headers do not parse: 400 when From-Path at least can be read. */
  #answerUnreadable(request: MsrpRequest): void {
    try {
      const fromPath = parsePath(getHeader(request, HeaderName.FromPath) ?? '');
      const fr =
        request.method === 'SEND'
          ? parseFailureReport(getHeader(request, HeaderName.FailureReport))
          : 'yes';
      if (fr !== 'no') {
        this.#queueResponse(
          buildResponse(request, fromPath, this.localUri, MsrpStatus.BAD_REQUEST),
        );
      }
    } catch {
      // No usable From-Path or Failure-Report: no answer is possible; the error event went out.
    }
  }

  /** Answers per the request's Failure-Report (RFC 4975 §7.2, §7.1.4). */
  #respond(request: MsrpRequest, fields: RequestFields, status: number, comment?: string): void {
    if (this.#closed) {
      return;
    }
    const fr = request.method === 'SEND' ? fields.failureReport : 'yes';
    if (fr === 'no' || (fr === 'partial' && status === 200)) {
      return;
    }
    this.#queueResponse(buildResponse(request, fields.fromPath, this.localUri, status, comment));
  }

  #queueResponse(response: MsrpResponse): void {
    this.#control.push({ bytes: serializeChunk(response) });
    this.#pump();
  }

  /** Runs a hook; a synchronous answer is applied at once, an asynchronous one when it settles. */
  #decide(
    hook: () => MsrpDecision | Promise<MsrpDecision>,
    apply: (decision: { status: number; comment: string | undefined }) => void,
  ): void {
    const fail = (error: unknown) => {
      this.#emitError(
        new MsrpError('PROTOCOL_VIOLATION', 'a session hook failed; answering 403', {
          cause: error,
        }),
      );
      apply({ status: MsrpStatus.FORBIDDEN, comment: undefined });
    };
    let result: MsrpDecision | Promise<MsrpDecision>;
    try {
      result = hook();
    } catch (error) {
      fail(error);
      return;
    }
    if (!isPromise(result)) {
      apply(decisionOf(result));
      return;
    }
    result.then(
      (decision) => {
        if (!this.#closed) {
          apply(decisionOf(decision));
        }
      },
      (error: unknown) => {
        if (!this.#closed) {
          fail(error);
        }
      },
    );
  }

  #onSend(request: MsrpRequest, fields: RequestFields): void {
    const body = request.body;
    if (body === undefined) {
      // Bodiless SEND: binds the session, keeps NATs open (§5.4, §7.1). Nothing to deliver.
      this.#respond(request, fields, MsrpStatus.OK);
      return;
    }
    const { messageId, contentType } = fields;
    if (messageId === undefined || contentType === undefined) {
      this.#emitError(
        new MsrpError('PROTOCOL_VIOLATION', 'a SEND with a body needs Message-ID and Content-Type'),
      );
      this.#respond(request, fields, MsrpStatus.BAD_REQUEST);
      return;
    }
    const rejected = this.#incoming.rejection(messageId);
    if (rejected !== undefined) {
      this.#respond(request, fields, rejected);
      return;
    }
    if (!isAcceptedType(contentType, this.#acceptTypes)) {
      this.#reject(request, fields, messageId, MsrpStatus.UNSUPPORTED_MEDIA_TYPE, 0);
      return;
    }
    let placement: ChunkPlacement;
    try {
      placement = this.#incoming.place(
        messageId,
        fields.byteRange,
        body,
        request.continuation,
        request.headers,
        contentType,
        fields.fromPath,
      );
    } catch (error) {
      this.#emitError(error);
      this.#reject(request, fields, messageId, MsrpStatus.STOP_SENDING, 0);
      return;
    }
    if (placement.aborted) {
      this.#respond(request, fields, MsrpStatus.OK);
      this.#events.emit('aborted', {
        messageId,
        reason: 'sender',
        status: undefined,
        receivedBytes: placement.receivedBytes,
      });
      return;
    }
    this.#events.emit('progress', {
      direction: 'incoming',
      messageId,
      bytes: placement.receivedBytes,
      total: placement.totalBytes,
    });
    const entry = placement.entry;
    const message: ReceivedMessage | undefined =
      placement.body === undefined
        ? undefined
        : {
            messageId,
            contentType: entry.contentType,
            body: placement.body,
            headers: entry.headers,
            fromPath: entry.fromPath,
            successReport: fields.successReport,
            failureReport: fields.failureReport,
            duplicate: this.#incoming.wasDelivered(messageId),
          };
    const hook = this.#hooks.acceptSend;
    const apply = (decision: { status: number; comment: string | undefined }) => {
      if (decision.status !== 200) {
        this.#reject(
          request,
          fields,
          messageId,
          decision.status,
          placement.receivedBytes,
          decision.comment,
        );
        return;
      }
      this.#respond(request, fields, 200);
      if (message) {
        this.#incoming.finish(messageId, 200);
        const reported = new Set<string>();
        this.#reportedDuringDelivery = reported;
        try {
          this.#events.emit('message', message);
        } finally {
          this.#reportedDuringDelivery = undefined;
        }
        // The application may have reported itself (e.g. a failure found at once): no second REPORT.
        if (
          this.#autoSuccessReport &&
          message.successReport === 'yes' &&
          !reported.has(messageId)
        ) {
          this.sendReport(message, 200);
        }
      }
    };
    if (!hook) {
      apply({ status: 200, comment: undefined });
      return;
    }
    this.#decide(
      () =>
        hook({ request, fields, messageId, contentType, complete: message !== undefined, message }),
      apply,
    );
  }

  #reject(
    request: MsrpRequest,
    fields: RequestFields,
    messageId: string,
    status: number,
    receivedBytes: number,
    comment?: string,
  ): void {
    this.#respond(request, fields, status, comment);
    this.#incoming.drop(messageId);
    this.#incoming.finish(messageId, status);
    this.#events.emit('aborted', { messageId, reason: 'rejected', status, receivedBytes });
  }

  #onNickname(request: MsrpRequest, fields: RequestFields): void {
    const hook = this.#hooks.nickname;
    if (!hook) {
      this.#respond(request, fields, MsrpStatus.NOT_IMPLEMENTED);
      return;
    }
    const value = getHeader(request, HeaderName.UseNickname);
    let nickname: string;
    try {
      nickname = parseUseNickname(value ?? '');
    } catch (error) {
      this.#emitError(error);
      this.#respond(request, fields, MsrpStatus.MALFORMED_NICKNAME);
      return;
    }
    this.#decide(
      () => hook({ request, fields, nickname }),
      (decision) => {
        this.#respond(request, fields, decision.status, decision.comment);
      },
    );
  }

  #onReport(request: MsrpRequest): void {
    // Never answered, whatever is wrong with it (RFC 4975 §7.1.2).
    const fields = readRequestFields(request);
    const to = fields.toPath;
    if (to.length !== 1 || !msrpUriEquals(to[0] as MsrpUri, this.localUri)) {
      throw new MsrpError(
        'PROTOCOL_VIOLATION',
        `REPORT To-Path ${formatPath(to)} does not name this session`,
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
    this.#events.emit('report', report);
    if (!transfer) {
      if (report.status !== 200) {
        this.#events.emit('sendFailed', {
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

  #shutdown(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const off of this.#unsubscribe.splice(0)) {
      off();
    }
    const closedError = () => new MsrpError('CHANNEL_CLOSED', 'the session closed');
    for (const [tid, transaction] of [...this.#transactions]) {
      this.#clearTransaction(tid);
      transaction.pending?.reject(closedError());
    }
    for (const transfer of [...this.#transfers.values()]) {
      transfer.fail(closedError());
    }
    this.#transfers.clear();
    this.#active = [];
    this.#control.length = 0;
    for (const entry of this.#incoming.openMessages) {
      this.#incoming.drop(entry.messageId);
      this.#events.emit('aborted', {
        messageId: entry.messageId,
        reason: 'closed',
        status: undefined,
        receivedBytes: entry.buffer?.receivedBytes ?? 0,
      });
    }
    this.#events.emit('close');
  }
}
