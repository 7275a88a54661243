import type { ChannelWriterOptions, Clock, MessageChannel } from '@parley/transport';
import type { MsrpError } from '../errors.js';
import type { ByteRange } from '../message/byte-range.js';
import type { MsrpHeader, MsrpRequest } from '../message/msrp-chunk.js';
import type { FailureReport, SuccessReport } from '../message/report-headers.js';
import type { RequestFields } from '../message/request-fields.js';
import type { MsrpUri } from '../uri/msrp-uri.js';

/** A complete incoming message (all chunks reassembled, RFC 4975 §7.3.1). */
export interface ReceivedMessage {
  readonly messageId: string;
  /** The MSRP Content-Type (e.g. `message/cpim`, `text/plain;charset=utf-8`). */
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Headers of the chunk that started the message (range-start 1), or of the first chunk seen. */
  readonly headers: readonly MsrpHeader[];
  /** The From-Path of the request: where REPORTs about this message go back. */
  readonly fromPath: readonly MsrpUri[];
  readonly successReport: SuccessReport;
  readonly failureReport: FailureReport;
  /** True when a message with this Message-ID was already delivered in this session (RFC 4975 §5.4). */
  readonly duplicate: boolean;
}

/** A REPORT received about one of our messages (RFC 4975 §7.3.2). */
export interface ReceivedReport {
  readonly messageId: string;
  /** The status code (namespace 000 = the transaction response codes). */
  readonly status: number;
  readonly comment: string | undefined;
  readonly namespace: string;
  readonly byteRange: ByteRange | undefined;
  readonly request: MsrpRequest;
}

export interface ProgressEvent {
  readonly direction: 'incoming' | 'outgoing';
  readonly messageId: string;
  /** Incoming: octets received; outgoing: octets handed to the channel. */
  readonly bytes: number;
  readonly total: number | undefined;
}

export interface IncomingAbortEvent {
  readonly messageId: string;
  /** `sender`: a `#` chunk; `rejected`: we answered an error; `closed`: the session ended first. */
  readonly reason: 'sender' | 'rejected' | 'closed';
  readonly status: number | undefined;
  readonly receivedBytes: number;
}

export interface SendFailedEvent {
  readonly messageId: string;
  readonly error: MsrpError;
}

export interface MsrpSessionEvents {
  /** A complete message that was accepted (answered 200, or accepted with Failure-Report no/partial). */
  message: ReceivedMessage;
  progress: ProgressEvent;
  /** An incoming message that will not complete. */
  aborted: IncomingAbortEvent;
  /** A REPORT about one of our messages (unknown Message-IDs are silently ignored, §7.1.2). */
  report: ReceivedReport;
  sendFailed: SendFailedEvent;
  /** Input that could not be handled (always emitted, whether or not an error response went out). */
  error: MsrpError;
  close: undefined;
}

/** How a hook answers: a status code, or a status with a comment. */
export type MsrpDecision = number | { readonly status: number; readonly comment?: string };

export interface SendDecisionContext {
  readonly request: MsrpRequest;
  readonly fields: RequestFields;
  readonly messageId: string;
  readonly contentType: string;
  /** True for the chunk that completes the message; `message` is then set. */
  readonly complete: boolean;
  readonly message: ReceivedMessage | undefined;
}

export interface NicknameContext {
  readonly request: MsrpRequest;
  readonly fields: RequestFields;
  /** The requested nickname, unquoted; empty = remove the nickname (RFC 7701 §7.3). */
  readonly nickname: string;
}

export interface RequestContext {
  readonly request: MsrpRequest;
  readonly fields: RequestFields;
}

/**
 * Decisions the application (an RFC 7701 switch, a gateway...) takes before the session answers.
 * Each may be asynchronous (store in a database first, then answer).
 */
export interface MsrpSessionHooks {
  /**
   * Consulted for every SEND chunk that passed the protocol checks, before its response. Default:
   * 200 at once. A non-200 answer drops the message (later chunks of it get the same answer).
   */
  readonly acceptSend?: (context: SendDecisionContext) => MsrpDecision | Promise<MsrpDecision>;
  /** NICKNAME requests (RFC 7701 §7). Default: 501, as for any method the endpoint does not implement. */
  readonly nickname?: (context: NicknameContext) => MsrpDecision | Promise<MsrpDecision>;
  /** Any other method (AUTH, extensions). Default: 501. REPORTs never reach it. */
  readonly request?: (context: RequestContext) => MsrpDecision | Promise<MsrpDecision>;
}

export interface MsrpSessionOptions {
  readonly channel: MessageChannel;
  /** Our `a=path` (its last URI identifies this session; requests must be addressed to it). */
  readonly localPath: readonly MsrpUri[] | string;
  /**
   * The peer's `a=path`: the To-Path of our requests; requests must come from its rightmost URI
   * (403 otherwise). Omitted when no SDP names the peer (in-band or WebSocket channels): the first
   * request addressed to this session then sets it from its From-Path, and sending before that
   * fails with `INVALID_STATE`.
   */
  readonly remotePath?: readonly MsrpUri[] | string | undefined;
  /** Timers (transaction timeout, success report timeout). Default: systemClock. */
  readonly clock?: Clock;
  /**
   * `message` (default): one chunk per channel message, as RFC 8873 (data channels) and RFC 7977
   * (WebSocket) require. `stream`: the channel carries a byte stream cut anywhere (TCP-like).
   */
  readonly framing?: 'message' | 'stream';
  /**
   * Largest chunk we send, in bytes (head, body and end-line). Default: the smaller of the channel's
   * maxMessageSize and 16384 (RFC 8831 §6.6 advice without message interleaving).
   */
  readonly maxChunkSize?: number;
  /** Largest incoming message (reassembled), in bytes; larger ones get 413. Default 16 MiB. */
  readonly maxMessageSize?: number;
  /** Incomplete incoming messages held at once; more get 413. Default 32. */
  readonly maxIncompleteMessages?: number;
  /** Memory held by incomplete incoming messages; beyond it the chunk's message gets 413. Default 64 MiB. */
  readonly maxBufferedBytes?: number;
  /** Start line plus headers of an incoming chunk. Default 16384. */
  readonly maxHeaderBytes?: number;
  /** Our `a=accept-types`: SENDs with other types get 415. Default `['*']`. */
  readonly acceptTypes?: readonly string[];
  /** The peer's `a=accept-types`, when known: sending another type throws (RFC 4975 §8.6). */
  readonly remoteAcceptTypes?: readonly string[];
  /** The peer's `a=max-size`, when known: larger messages are refused before sending (§8.6). */
  readonly remoteMaxSize?: number;
  /** RFC 4975 §7.1.1: 30 s. */
  readonly transactionTimeoutMs?: number;
  /** How long a message with Success-Report: yes waits for its REPORT. Default: no timer. */
  readonly successReportTimeoutMs?: number;
  /** Send success REPORTs ourselves when a message asking for them is accepted. Default true. */
  readonly autoSuccessReport?: boolean;
  /** Back-pressure of the outgoing side. */
  readonly writer?: ChannelWriterOptions;
  readonly hooks?: MsrpSessionHooks;
}

/** What `sendReport` needs of a received message (a ReceivedMessage will do). */
export type ReportedMessage = Pick<
  ReceivedMessage,
  'messageId' | 'fromPath' | 'successReport' | 'failureReport'
> & {
  readonly body?: Uint8Array;
};

/** How `sendReport` reports: `byteRange` defaults to the whole message. */
export interface ReportOptions {
  readonly byteRange?: ByteRange;
  readonly comment?: string;
}

/** What `send` takes. */
export interface SendOptions {
  readonly contentType: string;
  /** Octets, or text (sent as UTF-8). */
  readonly body: Uint8Array | string;
  /** Default: a new random Message-ID. Give the original one when relaying or resending (§5.4). */
  readonly messageId?: string;
  /** Ask for success REPORTs. Default false. */
  readonly successReport?: boolean;
  /** Default `yes`. */
  readonly failureReport?: FailureReport;
  /** Further MIME headers, written before Content-Type (Content-Disposition, Content-ID...). */
  readonly headers?: readonly MsrpHeader[];
}

export interface SendResult {
  readonly messageId: string;
  readonly size: number;
  /** Success REPORTs received (Success-Report: yes). */
  readonly reports: readonly ReceivedReport[];
}

/** A message being sent. */
export interface OutgoingMessage {
  readonly messageId: string;
  readonly size: number;
  /** Octets handed to the channel. */
  readonly sentBytes: number;
  /**
   * Resolves when every chunk was handed to the channel and, with Failure-Report yes, answered 200.
   * Rejects with MsrpTransactionError (non-200, 408 timeout), MsrpError MESSAGE_ABORTED / CHANNEL_CLOSED.
   */
  readonly acknowledged: Promise<void>;
  /** As `acknowledged`, then (Success-Report yes) until success REPORTs cover every octet; rejects on a failure REPORT. */
  readonly done: Promise<SendResult>;
  /** Stops sending; a `#` chunk ends what was already sent (RFC 4975 §7.1). */
  abort(): void;
}
