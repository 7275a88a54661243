import { serializeChunk } from '../codec/chunk-serializer.js';
import { MsrpError, MsrpParseError } from '../errors.js';
import { buildReport, buildResponse } from '../message/chunk-builders.js';
import { isAcceptedType } from '../message/content-type.js';
import {
  getHeader,
  HeaderName,
  type MsrpRequest,
  type MsrpResponse,
} from '../message/msrp-chunk.js';
import { parseFailureReport } from '../message/report-headers.js';
import { readRequestFields, type RequestFields } from '../message/request-fields.js';
import { MsrpStatus } from '../message/status-codes.js';
import { newTransactionId } from '../message/transaction-id.js';
import { parseUseNickname } from '../message/use-nickname.js';
import { formatPath, msrpUriEquals, parsePath, type MsrpUri } from '../uri/msrp-uri.js';
import { IncomingMessages, type ChunkPlacement, type IncomingLimits } from './incoming-messages.js';
import {
  emitSessionError,
  isFromPeer,
  MAX_NON_SEND_BODY,
  type SessionCore,
} from './session-core.js';
import type {
  MsrpDecision,
  MsrpSessionHooks,
  ReceivedMessage,
  ReportedMessage,
  ReportOptions,
} from './session-types.js';

function decisionOf(decision: MsrpDecision): { status: number; comment: string | undefined } {
  return typeof decision === 'number'
    ? { status: decision, comment: undefined }
    : { status: decision.status, comment: decision.comment };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

export interface SessionReceiverOptions {
  readonly limits: IncomingLimits;
  readonly hooks: MsrpSessionHooks;
  readonly acceptTypes: readonly string[];
  readonly autoSuccessReport: boolean;
}

/**
 * The receiving half of an MsrpSession: the peer's requests other than REPORT (SEND chunks
 * reassembled and accepted, NICKNAME, other methods through the hooks), their responses per
 * Failure-Report, and the REPORTs we send about received messages.
 */
export class SessionReceiver {
  readonly #core: SessionCore;
  readonly #incoming: IncomingMessages;
  readonly #hooks: MsrpSessionHooks;
  readonly #acceptTypes: readonly string[];
  readonly #autoSuccessReport: boolean;
  /** Message-IDs the application reported on while handling their `message` event. */
  #reportedDuringDelivery: Set<string> | undefined;

  constructor(core: SessionCore, options: SessionReceiverOptions) {
    this.#core = core;
    this.#incoming = new IncomingMessages(options.limits);
    this.#hooks = options.hooks;
    this.#acceptTypes = options.acceptTypes;
    this.#autoSuccessReport = options.autoSuccessReport;
  }

  /** See MsrpSession.sendReport. */
  sendReport(message: ReportedMessage, status: number, options: ReportOptions = {}): boolean {
    if (this.#core.closed) {
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
      fromPath: [this.#core.localUri],
      messageId: message.messageId,
      byteRange: options.byteRange ?? { start: 1, end: size, total: size },
      status,
      comment: options.comment,
    });
    this.#core.writeControl({ bytes: serializeChunk(report) });
    return true;
  }

  /** The session closed: every incomplete incoming message is aborted. */
  shutdown(): void {
    for (const entry of this.#incoming.openMessages) {
      this.#incoming.drop(entry.messageId);
      this.#core.events.emit('aborted', {
        messageId: entry.messageId,
        reason: 'closed',
        status: undefined,
        receivedBytes: entry.buffer?.receivedBytes ?? 0,
      });
    }
  }

  /** Bytes that are not a chunk: an `error` event, and 400 (or 413) when a request can be answered. */
  onParseError(error: unknown): void {
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
    this.#queueResponse(buildResponse(request, fromPath, this.#core.localUri, status));
  }

  /** A request from the peer (REPORTs excepted: they concern the sending half). */
  onRequest(request: MsrpRequest): void {
    let fields: RequestFields;
    try {
      fields = readRequestFields(request);
    } catch (error) {
      this.#emitError(error);
      this.#answerUnreadable(request);
      return;
    }
    const to = fields.toPath;
    if (to.length !== 1 || !msrpUriEquals(to[0] as MsrpUri, this.#core.localUri)) {
      this.#emitError(
        new MsrpError(
          'PROTOCOL_VIOLATION',
          `To-Path ${formatPath(to)} does not name this session (481)`,
        ),
      );
      this.#respond(request, fields, MsrpStatus.NO_SUCH_SESSION);
      return;
    }
    const remotePath = this.#core.remotePath;
    if (remotePath === undefined) {
      // No SDP named the peer (in-band or WebSocket channel): its first request does (RFC 4975
      // §5.4: the first request binds the connection to the session).
      this.#core.learnRemotePath(fields.fromPath);
    } else if (!isFromPeer(fields.fromPath, remotePath)) {
      // RFC 4975 §5.4, §6.1, RFC 8873 §4.4. RFC 4975 names no code for a stranger's From-Path;
      // 403 ("the attempted action is not allowed", §10.3) rather than 481, which would tell a
      // legitimate peer that the session does not exist.
      this.#emitError(
        new MsrpError(
          'UNKNOWN_SENDER',
          `From-Path ${formatPath(fields.fromPath)} is not the peer of this session (${formatPath(remotePath)}): 403`,
        ),
      );
      this.#respond(request, fields, MsrpStatus.FORBIDDEN);
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

  #emitError(error: unknown): void {
    emitSessionError(this.#core.events, error);
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
          buildResponse(request, fromPath, this.#core.localUri, MsrpStatus.BAD_REQUEST),
        );
      }
    } catch {
      // No usable From-Path or Failure-Report: no answer is possible; the error event went out.
    }
  }

  /** Answers per the request's Failure-Report (RFC 4975 §7.2, §7.1.4). */
  #respond(request: MsrpRequest, fields: RequestFields, status: number, comment?: string): void {
    if (this.#core.closed) {
      return;
    }
    const fr = request.method === 'SEND' ? fields.failureReport : 'yes';
    if (fr === 'no' || (fr === 'partial' && status === 200)) {
      return;
    }
    this.#queueResponse(
      buildResponse(request, fields.fromPath, this.#core.localUri, status, comment),
    );
  }

  #queueResponse(response: MsrpResponse): void {
    this.#core.writeControl({ bytes: serializeChunk(response) });
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
        if (!this.#core.closed) {
          apply(decisionOf(decision));
        }
      },
      (error: unknown) => {
        if (!this.#core.closed) {
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
      this.#core.events.emit('aborted', {
        messageId,
        reason: 'sender',
        status: undefined,
        receivedBytes: placement.receivedBytes,
      });
      return;
    }
    this.#core.events.emit('progress', {
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
          this.#core.events.emit('message', message);
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
    this.#core.events.emit('aborted', { messageId, reason: 'rejected', status, receivedBytes });
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
}
