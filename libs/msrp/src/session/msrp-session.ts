import {
  systemClock,
  TypedEmitter,
  type ChannelMessage,
  type Listener,
  type MessageChannel,
  type Unsubscribe,
} from '@parley/transport';
import { MsrpError, MsrpTransactionError } from '../errors.js';
import { formatByteRange } from '../message/byte-range.js';
import {
  HeaderName,
  type MsrpChunk,
  type MsrpHeader,
  type MsrpResponse,
} from '../message/msrp-chunk.js';
import { newMessageId } from '../message/transaction-id.js';
import { formatUseNickname } from '../message/use-nickname.js';
import { parsePath, type MsrpUri } from '../uri/msrp-uri.js';
import { ChunkReader } from './chunk-reader.js';
import { emitSessionError, type SessionCore } from './session-core.js';
import { SessionReceiver } from './session-receiver.js';
import { SessionSender } from './session-sender.js';
import type {
  MsrpSessionEvents,
  MsrpSessionOptions,
  OutgoingMessage,
  ReportedMessage,
  ReportOptions,
  SendOptions,
} from './session-types.js';
import { WriteQueue } from './write-queue.js';

const encoder = new TextEncoder();

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
  /** The URI that identifies this session here (the last URI of the local path). */
  readonly localUri: MsrpUri;
  readonly maxChunkSize: number;
  readonly #events = new TypedEmitter<MsrpSessionEvents>();
  readonly #reader: ChunkReader;
  readonly #writes: WriteQueue;
  readonly #sender: SessionSender;
  readonly #receiver: SessionReceiver;
  readonly #core: SessionCore & {
    closed: boolean;
    remotePath: readonly MsrpUri[] | undefined;
  };
  readonly #unsubscribe: Unsubscribe[] = [];

  constructor(options: MsrpSessionOptions) {
    this.channel = options.channel;
    this.localPath = toPath(options.localPath);
    const remotePath = options.remotePath === undefined ? undefined : toPath(options.remotePath);
    const localUri = this.localPath[this.localPath.length - 1];
    if (!localUri || remotePath?.length === 0) {
      throw new MsrpError('INVALID_ARGUMENT', 'localPath and remotePath need at least one URI');
    }
    this.localUri = localUri;
    const channelLimit = this.channel.maxMessageSize;
    this.maxChunkSize = options.maxChunkSize ?? Math.min(channelLimit, 16384);
    if (this.maxChunkSize > channelLimit) {
      throw new MsrpError(
        'INVALID_ARGUMENT',
        `maxChunkSize ${this.maxChunkSize} exceeds the channel's maxMessageSize ${channelLimit}`,
      );
    }
    const maxMessageSize = options.maxMessageSize ?? 16 * 1024 * 1024;
    this.#reader = new ChunkReader({
      framing: options.framing ?? 'message',
      maxHeaderBytes: options.maxHeaderBytes,
      maxChunkBodyBytes: Math.min(maxMessageSize, 16 * 1024 * 1024) + 1,
    });
    const core = {
      localUri,
      events: this.#events,
      clock: options.clock ?? systemClock,
      closed: false,
      remotePath,
      learnRemotePath: (path) => {
        core.remotePath ??= [...path];
      },
      writeControl: (item) => {
        this.#writes.pushControl(item);
        this.#writes.pump();
      },
      pump: () => {
        this.#writes.pump();
      },
    } satisfies SessionCore;
    this.#core = core;
    this.#sender = new SessionSender(core, {
      maxChunkSize: this.maxChunkSize,
      remoteAcceptTypes: options.remoteAcceptTypes,
      remoteMaxSize: options.remoteMaxSize,
      transactionTimeoutMs: options.transactionTimeoutMs ?? 30_000,
      successReportTimeoutMs: options.successReportTimeoutMs,
    });
    this.#receiver = new SessionReceiver(core, {
      limits: {
        maxMessageSize,
        maxIncompleteMessages: options.maxIncompleteMessages ?? 32,
        maxBufferedBytes: options.maxBufferedBytes ?? 64 * 1024 * 1024,
      },
      hooks: options.hooks ?? {},
      acceptTypes: options.acceptTypes ?? ['*'],
      autoSuccessReport: options.autoSuccessReport ?? true,
    });
    this.#writes = new WriteQueue(this.channel, options.writer, core, {
      nextChunk: () => this.#sender.nextChunk(),
      writeFailed: (reason) => {
        this.#events.emit(
          'error',
          new MsrpError('CHANNEL_CLOSED', `write failed: ${reason.message}`, { cause: reason }),
        );
        if (this.channel.state !== 'open') {
          this.#shutdown();
        }
      },
    });
    this.#unsubscribe.push(
      this.channel.on('message', (message) => {
        this.#receive(message);
      }),
      this.channel.on('close', () => {
        this.#shutdown();
      }),
      this.channel.on('open', () => {
        this.#writes.pump();
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

  /** The peer's path, or undefined until its first request names it (see the `remotePath` option). */
  get remotePath(): readonly MsrpUri[] | undefined {
    return this.#core.remotePath;
  }

  get closed(): boolean {
    return this.#core.closed;
  }

  /** Messages queued or being sent. */
  get sendingMessages(): number {
    return this.#sender.sendingMessages;
  }

  // ---------------------------------------------------------------- sending

  /**
   * Queues a message. It is cut into chunks of at most `maxChunkSize` bytes, interleaved with the
   * chunks of other messages (round robin) and preceded by pending responses and REPORTs.
   * Throws `MsrpError` for what the session can tell is not sendable (closed session, a type the
   * peer refused or did not list, a message above the peer's max-size).
   */
  send(options: SendOptions): OutgoingMessage {
    return this.#sender.send(options);
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
    return this.#sender.request(method, headers, content);
  }

  /**
   * Sends a REPORT about a received message (RFC 4975 §7.1.3, §7.1.4): status 200 for a success
   * report (only when the message asked for one), an error code for a failure report (never when
   * it said Failure-Report: no). `byteRange` defaults to the whole message. Returns false when the
   * report flags forbid it, or the session is closed.
   */
  sendReport(message: ReportedMessage, status: number, options: ReportOptions = {}): boolean {
    return this.#receiver.sendReport(message, status, options);
  }

  /** Ends the session: closes the channel (RFC 8873 §4.6), fails what is pending. */
  close(): void {
    if (this.channel.state === 'open' || this.channel.state === 'connecting') {
      this.channel.close();
    }
    this.#shutdown();
  }

  // -------------------------------------------------------------- receiving

  #receive(message: ChannelMessage): void {
    if (this.#core.closed) {
      return;
    }
    const bytes = typeof message === 'string' ? encoder.encode(message) : message;
    this.#reader.read(
      bytes,
      (chunk) => {
        this.#dispatchSafely(chunk);
      },
      (error) => {
        this.#receiver.onParseError(error);
      },
    );
  }

  #dispatchSafely(chunk: MsrpChunk): void {
    try {
      if (chunk.kind === 'response') {
        this.#sender.onResponse(chunk);
      } else if (chunk.method === 'REPORT') {
        this.#sender.onReport(chunk);
      } else {
        this.#receiver.onRequest(chunk);
      }
    } catch (error) {
      emitSessionError(this.#events, error);
    }
  }

  #shutdown(): void {
    if (this.#core.closed) {
      return;
    }
    this.#core.closed = true;
    for (const off of this.#unsubscribe.splice(0)) {
      off();
    }
    this.#sender.shutdown();
    this.#writes.clear();
    this.#receiver.shutdown();
    this.#events.emit('close');
  }
}
